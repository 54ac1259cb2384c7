"""Channel-route edits: one at a time per channel, the most urgent first, the newest state only."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

import pytest

from bot.features.songs.channel_edits import (
    DISCORD_EPOCH_MS,
    OLD_WINDOW,
    SUPERSEDED,
    ChannelEdits,
    Priority,
)

NOW = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22  # ids of messages posted now


async def test_ends_then_stages_then_places_and_a_newer_state_replaces_a_waiting_one() -> None:
    edits = ChannelEdits()
    order: list[str] = []
    started, gate = asyncio.Event(), asyncio.Event()

    def sender(name: str, *, hold: bool = False) -> Callable[[], Awaitable[str]]:
        async def send() -> str:
            if hold:  # the channel is busy with this one while the others line up
                started.set()
                await gate.wait()
            order.append(name)
            return name

        return send

    first = edits.schedule(1, NOW + 10, sender("a-progress", hold=True), priority=Priority.STAGE)
    await asyncio.wait_for(started.wait(), 1)
    place = edits.schedule(1, NOW + 13, sender("d-place"), priority=Priority.PLACE)
    stale = edits.schedule(1, NOW + 11, sender("b-progress-old"), priority=Priority.STAGE)
    newer = edits.schedule(1, NOW + 11, sender("b-progress-new"), priority=Priority.STAGE)
    final = edits.schedule(1, NOW + 12, sender("c-final"), priority=Priority.END)
    other = edits.schedule(2, NOW + 20, sender("other-channel"), priority=Priority.STAGE)
    assert await asyncio.wait_for(other, 1) == "other-channel"  # its own line
    assert stale.result() is SUPERSEDED
    gate.set()
    done = await asyncio.wait_for(asyncio.gather(first, newer, final, place), 1)
    assert list(done) == ["a-progress", "b-progress-new", "c-final", "d-place"]
    assert order == ["other-channel", "a-progress", "c-final", "b-progress-new", "d-place"]
    assert edits.waiting == 0


async def test_a_failed_edit_is_the_callers_to_handle() -> None:
    edits = ChannelEdits()

    async def refused() -> None:
        raise RuntimeError("refused")

    with pytest.raises(RuntimeError, match="refused"):
        await asyncio.wait_for(edits.submit(1, NOW + 10, refused, priority=Priority.STAGE), 1)


def old_id(age: float, now: float, n: int = 0) -> int:
    """A Discord id for a message ``age`` seconds old at ``now``."""
    return (int((now - age) * 1000) - DISCORD_EPOCH_MS) << 22 | n


async def test_messages_over_an_hour_old_are_edited_within_their_stricter_limit() -> None:
    now = [2_000_000_000.0]
    edits = ChannelEdits(clock=lambda: now[0])
    sent: list[int] = []

    def sender(message_id: int) -> Callable[[], Awaitable[int]]:
        async def send() -> int:
            sent.append(message_id)
            return message_id

        return send

    old = [old_id(4000, now[0], n) for n in range(5)]
    new = old_id(10, now[0], 9)
    futures = [edits.schedule(1, m, sender(m), priority=Priority.STAGE) for m in old]
    await asyncio.wait_for(asyncio.gather(*futures[:3]), 1)
    assert sent == old[:3]  # three, then the old ones wait for room
    fresh = edits.schedule(1, new, sender(new), priority=Priority.PLACE)
    assert await asyncio.wait_for(fresh, 1) == new  # a newer message need not wait
    assert not futures[3].done()
    now[0] += OLD_WINDOW  # the window moves on; the next edit to arrive wakes the worker
    edits.schedule(1, old[3], sender(old[3]), priority=Priority.STAGE)
    await asyncio.wait_for(asyncio.gather(*futures[4:]), 1)
    assert sent == [*old[:3], new, old[3], old[4]]
    await edits.close()


async def test_the_old_messages_window_outlives_an_empty_line() -> None:
    now = [2_000_000_000.0]
    edits = ChannelEdits(clock=lambda: now[0])

    async def send() -> str:
        return "sent"

    for n in range(3):
        await asyncio.wait_for(
            edits.schedule(1, old_id(4000, now[0], n), send, priority=Priority.STAGE), 1
        )
    await asyncio.sleep(0)  # the line is empty: its worker is gone
    fourth = edits.schedule(1, old_id(4000, now[0], 3), send, priority=Priority.STAGE)
    for _ in range(5):  # turns of the loop, in which an allowed edit would have gone
        await asyncio.sleep(0)
    assert not fourth.done()  # the three edits a moment ago still count
    await edits.close()
