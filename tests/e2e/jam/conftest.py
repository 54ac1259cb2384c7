"""The real bot for lyric sessions, with a clock the tests move (the sessions' deadlines
follow it), and the same checks after it stops as every end-to-end test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.mock_api import RunningSimulator
from tests.e2e.helpers import check_clean_run, start_with_clock
from tests.e2e.jam.steps import Jam
from tests.standin.discord.server import DiscordStandIn


@pytest.fixture
async def jam(
    discord_standin: DiscordStandIn,
    simulator: RunningSimulator,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> AsyncIterator[Jam]:
    run = await start_with_clock(discord_standin, simulator, tmp_path, clock_for="jam")
    yield Jam(run.bot, discord_standin, simulator, run.clock, run.settings)
    await run.stop()
    check_clean_run(discord_standin, caplog)
