"""The fair queue, end to end: songs beyond the caps wait with their place on their message,
can be cancelled, survive the API's limits and a restart. Jobs are held at the simulator (its
``release``) so songs stay at the API as long as a test needs, and the queue's clock is moved
by hand."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.mock_api import Faults, RunningSimulator
from bot.store import GenerationRepository
from tests.e2e.helpers import (
    EPHEMERAL,
    MOD,
    Harness,
    admin,
    bot_settings,
    fields,
    finished,
    reply,
    start_bot,
    stop_bot,
)
from tests.manual_timers import ManualTimers
from tests.standin.discord.server import DiscordStandIn, Interaction


@dataclass
class Queued:
    h: Harness
    timers: ManualTimers

    async def ask(self, user: dict[str, Any] | None = None, prompt: str = "x") -> Interaction:
        interaction = await self.h.discord.slash("song", {"prompt": prompt}, user=user)
        await self.h.discord.wait_for(lambda: self.h.discord.original(interaction))
        return interaction

    def text(self, interaction: Interaction) -> str:
        return json.dumps(self.h.discord.original(interaction) or {}, ensure_ascii=False)

    async def shows(self, interaction: Interaction, pattern: str) -> str:
        def check() -> str | None:
            text = self.text(interaction)
            return text if re.search(pattern, text) else None

        found: str = await self.h.discord.wait_for(check)
        return found

    def refresh(self) -> None:
        """Let the queue's next update of places come (it comes every few seconds)."""
        self.timers.advance(10)

    async def started_in_order(self, *asked: Interaction) -> list[str]:
        """Let the held songs go; once each has ended, the prompts in the order they started."""
        self.h.simulator.simulator.release.set()
        for interaction in asked:
            await self.h.discord.wait_for(finished(self.h, interaction), limit=30)
        return [job.request["prompt"] for job in self.h.simulator.simulator.jobs.values()]

    async def refused(self) -> None:
        """Wait until the API's latest refusal is in: the queue waits beyond the clock's now.
        Only then does moving the clock end that pause (moved before, it would end none)."""

        def paused() -> bool:
            pause = self.h.bot.songs.queue.pause
            return pause is not None and pause.until > self.timers.now()

        await self.h.discord.wait_for(paused)  # its message shows the new time: a change


@pytest.fixture
async def queued(
    discord_standin: DiscordStandIn, simulator: RunningSimulator, tmp_path: Path
) -> AsyncIterator[Queued]:
    timers = ManualTimers()
    settings = bot_settings(
        discord_standin, simulator, tmp_path, soundverse_max_concurrent=1,
        soundverse_retry_delays=(5, 10, 20, 40, 60),  # six tries: the queue's clock is manual
    )  # fmt: skip
    bot, task, resources = await start_bot(settings, discord_standin, queue_timers=timers)
    simulator.simulator.release.clear()  # jobs stay at the API until a test lets them go
    yield Queued(Harness(bot, discord_standin, simulator), timers)
    simulator.simulator.release.set()
    await stop_bot(bot, task, resources)


def posts(h: Harness) -> int:
    return sum(1 for method, path in h.simulator.simulator.calls
               if method == "POST" and path.startswith("/v7/generate"))  # fmt: skip


async def test_songs_beyond_the_cap_wait_in_fair_order_with_their_place_shown(
    queued: Queued,
) -> None:
    q, h = queued, queued.h
    flood, other = h.discord.new_member("flood"), h.discord.new_member("other")
    running = await q.ask(flood, "first")
    await h.discord.wait_for(lambda: h.simulator.simulator.jobs)
    second = await q.ask(flood, "second")
    third = await q.ask(flood, "third")
    theirs = await q.ask(other, "theirs")
    await q.shows(second, "Queued: position 1 of 1")  # as it joined
    await q.shows(theirs, "Queued: position 2 of 3")  # behind the flooder's second, in line first
    q.refresh()
    await q.shows(second, "Queued: position 1 of 3")
    await q.shows(third, "Queued: position 3 of 3")  # the flooder took a turn: to the back
    assert "Cancel" in q.text(second)

    order = await q.started_in_order(running, theirs, second, third)
    assert order == ["first", "second", "theirs", "third"]
    assert posts(h) == 4  # each submitted once
    final = h.discord.original(third) or {}
    assert fields(final["embeds"][0])["Status"] == "✅ Done"  # the same message carried on


async def test_cancel_gives_the_slot_back_and_only_the_requester_or_a_moderator_may(
    queued: Queued,
) -> None:
    q, h = queued, queued.h
    await admin(h, "limits", member_daily=2)
    await q.ask()
    waiting = await q.ask()
    message = h.discord.original(waiting) or {}
    stranger = await h.discord.click(message, "Cancel", user=h.discord.new_member("stranger"))
    assert "Only the member who asked" in (await reply(h, stranger))["content"]
    mine = await h.discord.click(message, "Cancel")
    answer = await reply(h, mine)
    assert answer["flags"] & EPHEMERAL
    assert "slot is given back" in answer["content"]
    await q.shows(waiting, "cancelled this song before it started")
    again = await h.discord.click(h.discord.original(waiting) or {}, "Regenerate")
    assert not ((await reply(h, again)).get("flags", 0) & EPHEMERAL)  # the slot was free
    assert posts(h) == 1


async def test_a_cancel_before_the_bot_noted_the_message_still_shows(
    queued: Queued, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The member sees their song's message (and its Cancel) a moment before the bot has noted
    it: a Cancel then still ends the message, which never shows its place again."""
    q, h = queued, queued.h
    await q.ask()
    noting, noted = asyncio.Event(), GenerationRepository.attach_message

    async def held(self: GenerationRepository, song_id: int, message_id: int | None) -> None:
        await noting.wait()
        await noted(self, song_id, message_id)

    monkeypatch.setattr(GenerationRepository, "attach_message", held)
    waiting = await q.ask()
    mine = await h.discord.click(h.discord.original(waiting) or {}, "Cancel")
    assert "slot is given back" in (await reply(h, mine))["content"]
    noting.set()
    await q.shows(waiting, "cancelled this song before it started")
    assert "songbot:cancel:" not in q.text(waiting)  # no Cancel button any more


async def test_a_moderator_cancels_pauses_and_resumes(queued: Queued) -> None:
    q, h = queued, queued.h
    await q.ask()
    waiting = await q.ask()
    paused = await admin(h, "queue", paused=True)
    assert "paused" in paused["content"]
    q.refresh()
    await q.shows(waiting, "A moderator has paused this server")
    listing = await reply(h, await h.discord.slash("songs", {}, group="queue"))
    assert "**you**" in json.dumps(listing, ensure_ascii=False)
    song_id = int(re.findall(r"#(\d+)", listing["embeds"][0]["description"])[0])
    choices = await h.discord.autocomplete(
        "songadmin", {"cancel": ""}, focused="cancel", group="queue", permissions=MOD,
        user=h.discord.owner,
    )  # fmt: skip
    assert [c["value"] for c in choices] == [song_id]
    cancelled = await admin(h, "queue", cancel=song_id)
    assert "given back" in cancelled["content"]
    await q.shows(waiting, r"A moderator \(owner\) cancelled")
    resumed = await admin(h, "queue", paused=False)
    assert "moves again" in resumed["content"]
    show = await admin(h, "show")
    assert "songs at Soundverse now" in json.dumps(show, ensure_ascii=False)


async def test_a_429_storm_sends_songs_back_pauses_and_says_when(queued: Queued) -> None:
    q, h = queued, queued.h
    h.simulator.simulator.release.set()
    h.simulator.simulator.config.faults = Faults.parse(
        "error=rate_limit; retry_after=30; error_count=3"
    )
    one, two = await q.ask(prompt="one"), await q.ask(h.discord.new_member("b"), "two")
    text = await q.shows(one, r"slow down; the queue tries again <t:\d+:R>")
    until = int(re.search(r"<t:(\d+):R>", text)[1])  # type: ignore[index]
    assert until == int(q.timers.now() + 30)
    assert posts(h) == 1  # the second waits: nothing goes while the API says no
    for tried in (2, 3, 4):  # each pause ends with one probe; three 429s, then it goes through
        await q.refused()
        q.timers.advance(30)
        await h.discord.wait_for(lambda: posts(h) >= tried)  # noqa: B023 - awaited at once
    for interaction in (one, two):
        message = await h.discord.wait_for(finished(h, interaction), limit=30)
        assert fields(message["embeds"][0])["Status"] == "✅ Done"
    assert len(h.simulator.simulator.jobs) == 2  # no song lost, none submitted twice
    assert posts(h) == 5  # three refused, two taken


async def test_after_its_tries_a_song_ends_with_the_friendly_reply(queued: Queued) -> None:
    q, h = queued, queued.h
    h.simulator.simulator.config.faults = Faults.parse("error=unavailable")
    one = await q.ask()
    await q.shows(one, r"can't be reached right now; the queue tries again <t:\d+:R>")
    for tried in range(2, 7):  # six tries, with the backoff delays between them
        await q.refused()
        q.timers.advance(60)
        await h.discord.wait_for(lambda: posts(h) >= tried)  # noqa: B023 - awaited at once
    message = await h.discord.wait_for(finished(h, one), limit=30)
    assert "Soundverse is having trouble" in fields(message["embeds"][0])["What happened"]
    assert posts(h) == 6


async def test_no_balance_pauses_everyone_until_a_moderator_resumes(queued: Queued) -> None:
    q, h = queued, queued.h
    h.simulator.simulator.release.set()
    h.simulator.simulator.config.faults = Faults.parse("error=balance")
    one = await q.ask()
    two = await q.ask(h.discord.new_member("b"))
    await q.shows(one, "balance has run out")
    q.refresh()
    await q.shows(two, "balance has run out")
    show = await admin(h, "show")
    assert "balance has run out" in json.dumps(show, ensure_ascii=False)
    assert posts(h) == 1  # one try; the rest wait
    h.simulator.simulator.config.faults = Faults()  # topped up
    await admin(h, "queue", retry_now=True)
    for interaction in (one, two):
        message = await h.discord.wait_for(finished(h, interaction), limit=30)
        assert fields(message["embeds"][0])["Status"] == "✅ Done"


async def test_waiting_limits_and_refusing_servers(queued: Queued) -> None:
    q, h = queued, queued.h
    await admin(h, "queue", member_waiting=1)
    await q.ask()
    await q.ask()
    third = await h.discord.slash("song", {"prompt": "x"})
    answer = await reply(h, third)
    assert answer["flags"] & EPHEMERAL
    assert "1 song waiting already" in answer["content"]
    await admin(h, "queue", mode="refuse")
    other = await h.discord.slash("song", {"prompt": "x"}, user=h.discord.new_member("c"))
    refused = await reply(h, other)
    assert "doesn't queue them" in refused["content"]
