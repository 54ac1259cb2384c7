"""The queue's order end to end: members and servers take turns in the order they joined the
line, whatever their ids, as each message's place says, and the same after a restart."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from bot.core.settings import Settings
from bot.mock_api import RunningSimulator
from tests.e2e.helpers import Harness, admin, bot_settings, start_bot, stop_bot
from tests.e2e.test_queue import Queued
from tests.manual_timers import ManualTimers
from tests.standin.discord.server import DiscordStandIn


async def started(
    settings: Settings, standin: DiscordStandIn, simulator: RunningSimulator
) -> tuple[Queued, Callable[[], Awaitable[None]]]:
    """A bot on a queue clock of its own, and how to stop it."""
    timers = ManualTimers()
    bot, task, resources = await start_bot(settings, standin, queue_timers=timers)
    return Queued(Harness(bot, standin, simulator), timers), lambda: stop_bot(bot, task, resources)


@pytest.mark.parametrize("restart", [False, True], ids=["running", "restarted"])
async def test_members_start_in_the_order_they_asked_whatever_their_ids(
    discord_standin: DiscordStandIn, simulator: RunningSimulator, tmp_path: Path, restart: bool
) -> None:
    """a, b and c ask in that order, their ids the other way round. With the server's queue
    paused, a asks twice; when it moves, a's first starts and a goes to the back: b, c, then
    a's second, as their messages say, whether or not the bot restarts meanwhile."""
    settings = bot_settings(discord_standin, simulator, tmp_path, soundverse_max_concurrent=1)
    q, stop = await started(settings, discord_standin, simulator)
    simulator.simulator.release.clear()  # jobs stay at the API until the end
    try:
        c, b, a = (discord_standin.new_member(name) for name in ("c", "b", "a"))
        assert int(a["id"]) > int(b["id"]) > int(c["id"])  # the later to ask, the lower the id
        await admin(q.h, "queue", paused=True)
        asks = ((a, "a first"), (a, "a second"), (b, "b"), (c, "c"))
        asked = [await q.ask(who, prompt) for who, prompt in asks]
        await admin(q.h, "queue", paused=False)
        await q.shows(asked[0], r"^(?!.*Queued)")  # a's first is at the API, its job noted
        if restart:
            await stop()
            q, stop = await started(settings, discord_standin, simulator)
        q.refresh()
        for interaction, position in zip(asked[1:], (3, 1, 2), strict=True):
            await q.shows(interaction, f"Queued: position {position} of 3")
        order = await q.started_in_order(*asked)
        assert order == ["a first", "b", "c", "a second"]
    finally:
        simulator.simulator.release.set()
        await stop()


async def test_a_restart_keeps_the_line_in_order(
    discord_standin: DiscordStandIn, simulator: RunningSimulator, tmp_path: Path
) -> None:
    settings = bot_settings(discord_standin, simulator, tmp_path, soundverse_max_concurrent=1)
    q, stop = await started(settings, discord_standin, simulator)
    simulator.simulator.release.clear()
    try:
        members = [discord_standin.new_member(name) for name in ("a", "b", "c")]
        first = await q.ask(members[0], "running")
        line = [await q.ask(members[n % 3], f"waiting {n}") for n in range(4)]
        guild = int(discord_standin.guild_id)
        before = [t.place.song_id for _, t in q.h.bot.songs.queue.line(guild)]
        await stop()

        q, stop = await started(settings, discord_standin, simulator)
        assert [t.place.song_id for _, t in q.h.bot.songs.queue.line(guild)] == before
        for interaction in line:  # every message shows its place again, as before
            song_id = int(re.findall(r"songbot:cancel:(\d+)", q.text(interaction))[0])
            await q.shows(interaction, f"position {before.index(song_id) + 1} of 4")
        prompts = await q.started_in_order(first, *line)
        assert prompts == ["running", "waiting 0", "waiting 1", "waiting 2", "waiting 3"]
    finally:
        simulator.simulator.release.set()
        await stop()


async def test_servers_take_turns_then_their_members(
    simulator: RunningSimulator, tmp_path: Path
) -> None:
    """Three members on two servers: server A's flooder asks three times, then A's other member
    once, then server B's member once. With one song at the API at a time: the flooder's first
    at once; then A (the flooder, in line first), B, A's other member, the flooder's third."""
    standin = DiscordStandIn(guilds=2)
    await standin.start()
    settings = bot_settings(standin, simulator, tmp_path, soundverse_max_concurrent=1)
    q, stop = await started(settings, standin, simulator)
    simulator.simulator.release.clear()
    try:
        flood, other, elsewhere = (standin.new_member(n) for n in ("flood", "other", "b"))
        asked = [await q.ask(flood, "A flood 1")]
        await standin.wait_for(lambda: simulator.simulator.jobs)
        asked += [await q.ask(flood, f"A flood {n}") for n in (2, 3)]
        asked.append(await q.ask(other, "A other"))
        b_song = await standin.slash("song", {"prompt": "B"}, user=elsewhere, channel=2)
        await standin.wait_for(lambda: standin.original(b_song))
        channels = [(standin.original(i) or {})["channel_id"] for i in (*asked, b_song)]
        servers = {standin.world.guild_of(channel) for channel in channels}
        assert servers == set(standin.world.guild_channels)  # the songs are on both servers
        await q.shows(b_song, "Queued: position 2 of 4")  # the other server's turn is next but one
        order = await q.started_in_order(*asked, b_song)
        assert order == ["A flood 1", "A flood 2", "B", "A other", "A flood 3"]
    finally:
        simulator.simulator.release.set()
        await stop()
        await standin.close()
