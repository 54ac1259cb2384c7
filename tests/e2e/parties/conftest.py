"""The real bot for listening parties, with a clock the tests move (the minute alone follows
it) and the voice stand-in's certificate authority trusted."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.mock_api import RunningSimulator
from tests.e2e.helpers import bot_settings, check_clean_run
from tests.e2e.parties.steps import Room
from tests.standin.discord.server import DiscordStandIn


@pytest.fixture
async def room(
    discord_standin: DiscordStandIn,
    simulator: RunningSimulator,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> AsyncIterator[Room]:
    r = Room(discord_standin, simulator, bot_settings(discord_standin, simulator, tmp_path))
    await r.start()
    yield r
    await r.stop()
    check_clean_run(discord_standin, caplog)
