"""The real bot for lyric sessions, with a clock the tests move (the sessions' deadlines
follow it), and the same checks after it stops as every end-to-end test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.mock_api import RunningSimulator
from tests.e2e.helpers import bot_settings, check_clean_run, start_bot, stop_bot
from tests.e2e.jam.steps import Clock, Jam
from tests.standin.discord.server import DiscordStandIn


@pytest.fixture
async def jam(
    discord_standin: DiscordStandIn,
    simulator: RunningSimulator,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> AsyncIterator[Jam]:
    clock = Clock()
    settings = bot_settings(discord_standin, simulator, tmp_path)
    bot, task, resources = await start_bot(settings, discord_standin, jam_clock=clock)
    state = Jam(bot, discord_standin, simulator, clock, settings)
    yield state
    await stop_bot(state.bot, task, resources)
    check_clean_run(discord_standin, caplog)
