"""The real bot for challenges, with a clock the tests move (the deadlines follow it)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.mock_api import RunningSimulator
from tests.e2e.challenges.steps import Contest
from tests.e2e.helpers import check_clean_run, start_with_clock
from tests.standin.discord.server import DiscordStandIn


@pytest.fixture
async def contest(
    discord_standin: DiscordStandIn,
    simulator: RunningSimulator,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> AsyncIterator[Contest]:
    run = await start_with_clock(discord_standin, simulator, tmp_path, clock_for="challenge")
    yield Contest(run.bot, discord_standin, run.clock)
    await run.stop()
    check_clean_run(discord_standin, caplog)
