"""The real bot for challenges, with a clock the tests move (the deadlines follow it)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.mock_api import RunningSimulator
from tests.e2e.challenges.steps import Contest
from tests.e2e.helpers import bot_settings, check_clean_run, start_bot, stop_bot
from tests.e2e.jam.steps import Clock
from tests.standin.discord.server import DiscordStandIn


@pytest.fixture
async def contest(
    discord_standin: DiscordStandIn,
    simulator: RunningSimulator,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> AsyncIterator[Contest]:
    clock = Clock()
    settings = bot_settings(discord_standin, simulator, tmp_path)
    bot, task, resources = await start_bot(settings, discord_standin, challenge_clock=clock)
    state = Contest(bot, discord_standin, clock)
    yield state
    await stop_bot(state.bot, task, resources)
    check_clean_run(discord_standin, caplog)
