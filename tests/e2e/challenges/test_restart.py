"""A challenge across a restart: the buttons keep working, a deadline that passed while the
bot was down is acted on as it starts, and an entry whose post was lost with its process is
posted once, after its claim ran out."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from bot.mock_api import RunningSimulator
from tests.e2e.challenges.steps import (
    Contest,
    answered,
    enter,
    entry_message,
    in_thread,
    start,
    votable,
)
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


def is_entry_post(body: dict[str, Any]) -> bool:
    return str(body.get("nonce", "")).startswith("sbe")  # an entry's post (posts.entry_nonce)


def entry_posts(standin: DiscordStandIn) -> list[int]:
    """The status of each entry's post the bot sent (0: held, never answered)."""
    return [call.status for call in standin.calls
            if isinstance(call.json, dict) and is_entry_post(call.json)]  # fmt: skip


async def test_an_entry_whose_post_was_lost_is_posted_once_after_a_restart(
    discord_standin: DiscordStandIn,
    simulator: RunningSimulator,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    standin = discord_standin
    run = await start_with_clock(standin, simulator, tmp_path, clock_for="challenge")
    c = Contest(run.bot, standin, run.clock)
    announcement = await start(c, entries_close="1h", voting_close="1h")
    standin.rest.hold_body = is_entry_post  # the entry's post never reaches Discord
    assert "is in" in (await enter(c, announcement, c.veteran("Ana"), "Ana's rain"))["content"]
    await standin.wait_for(lambda: standin.rest.held)
    await run.bot.challenges.deadlines.tick()  # its claim holds: nobody posts it a second time
    assert entry_posts(standin) == [0]
    await run.stop()  # the process ends, its post still on its way

    standin.rest.hold_body = lambda _body: False
    run.clock.offset += 2 * run.settings.song_lease_seconds + 1  # its claim ran out meanwhile
    c.bot = bot = await run.start()
    try:
        post = await standin.wait_for(lambda: entry_message(c, announcement, "Ana's rain"))
        run.clock.offset += 3601
        await bot.challenges.deadlines.tick()  # voting opens: the entry has its Vote button
        await standin.wait_for(lambda: votable(c, announcement, "Ana's rain"))
        [challenge] = await bot.resources.challenges.live(int(standin.world.guild_id))
        [entry] = await bot.resources.challenges.entries(challenge.id)
        assert entry.message_id == int(post["id"])
    finally:
        await run.stop()
    check_clean_run(standin, caplog)
    assert entry_posts(standin) == [0, 200]  # the lost one, then one post
    assert len([m for m in in_thread(c, announcement) if "Ana's rain" in str(m.get("embeds"))]) == 1
