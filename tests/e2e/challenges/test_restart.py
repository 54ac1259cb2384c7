"""A challenge across a restart: the buttons keep working, and a deadline that passed while
the bot was down is acted on as it starts."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.mock_api import RunningSimulator
from tests.e2e.challenges.steps import Contest, answered, enter, entry_message, start, votable
from tests.e2e.helpers import bot_settings, check_clean_run, start_bot, stop_bot
from tests.e2e.jam.steps import Clock
from tests.standin.discord.server import DiscordStandIn


async def test_a_deadline_passed_while_down_is_acted_on_at_start(
    discord_standin: DiscordStandIn,
    simulator: RunningSimulator,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = Clock()
    settings = bot_settings(discord_standin, simulator, tmp_path)
    bot, task, resources = await start_bot(settings, discord_standin, challenge_clock=clock)
    c = Contest(bot, discord_standin, clock)
    announcement = await start(c, entries_close="1h", voting_close="1h")
    ana = c.veteran("Ana")
    assert "is in" in (await enter(c, announcement, ana, "Ana's rain"))["content"]
    await discord_standin.wait_for(lambda: entry_message(c, announcement, "Ana's rain"))
    await stop_bot(bot, task, resources)

    clock.offset += 3601  # entries closed while the bot was down
    bot, task, resources = await start_bot(settings, discord_standin, challenge_clock=clock)
    c.bot = bot
    try:
        entry = await discord_standin.wait_for(lambda: votable(c, announcement, "Ana's rain"))
        voters = [c.veteran(f"Voter {n}") for n in range(100)]
        clicks = await asyncio.gather(
            *(discord_standin.click(entry, "Vote", user=v) for v in voters)
        )
        answers = await asyncio.gather(*(answered(c, click) for click in clicks))
        assert all("Your vote is for" in a["content"] for a in answers)
        [challenge] = await bot.resources.challenges.live(int(discord_standin.world.guild_id))
        assert await bot.resources.challenges.tally(challenge.id) == {
            e.id: 100 for e in await bot.resources.challenges.entries(challenge.id)
        }
    finally:
        await stop_bot(bot, task, resources)
    check_clean_run(discord_standin, caplog)
