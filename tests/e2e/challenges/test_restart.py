"""A challenge across a restart: the buttons keep working, and a deadline that passed while
the bot was down is acted on as it starts."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.mock_api import RunningSimulator
from tests.e2e.challenges.steps import Contest, answered, enter, entry_message, start, votable
from tests.e2e.helpers import check_clean_run, start_with_clock
from tests.standin.discord.server import DiscordStandIn


async def test_a_deadline_passed_while_down_is_acted_on_at_start(
    discord_standin: DiscordStandIn,
    simulator: RunningSimulator,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    run = await start_with_clock(discord_standin, simulator, tmp_path, clock_for="challenge")
    c = Contest(run.bot, discord_standin, run.clock)
    announcement = await start(c, entries_close="1h", voting_close="1h")
    ana = c.veteran("Ana")
    assert "is in" in (await enter(c, announcement, ana, "Ana's rain"))["content"]
    await discord_standin.wait_for(lambda: entry_message(c, announcement, "Ana's rain"))
    await run.stop()

    run.clock.offset += 3601  # entries closed while the bot was down
    c.bot = bot = await run.start()
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
        await run.stop()
    check_clean_run(discord_standin, caplog)
