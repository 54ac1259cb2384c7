"""The real bot, connected to the Discord stand-in and the Soundverse simulator."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.mock_api import RunningSimulator
from tests.e2e.helpers import Harness, bot_settings, check_clean_run, start_bot, stop_bot
from tests.standin.discord.server import DiscordStandIn


@pytest.fixture
async def discord_standin() -> AsyncIterator[DiscordStandIn]:
    standin = DiscordStandIn()
    await standin.start()
    yield standin
    await standin.close()


@pytest.fixture
async def harness(
    discord_standin: DiscordStandIn,
    simulator: RunningSimulator,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> AsyncIterator[Harness]:
    settings = bot_settings(discord_standin, simulator, tmp_path)
    bot, task, resources = await start_bot(settings, discord_standin)
    yield Harness(bot, discord_standin, simulator)
    await stop_bot(bot, task, resources)
    check_clean_run(discord_standin, caplog)
