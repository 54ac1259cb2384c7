"""Channel-route edits: one at a time per channel, the most urgent first, the newest state only."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from bot.features.songs.channel_edits import SUPERSEDED, ChannelEdits, Priority


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

    first = edits.schedule(1, 10, sender("a-progress", hold=True), priority=Priority.STAGE)
    await asyncio.wait_for(started.wait(), 1)
    place = edits.schedule(1, 13, sender("d-place"), priority=Priority.PLACE)
    stale = edits.schedule(1, 11, sender("b-progress-old"), priority=Priority.STAGE)
    newer = edits.schedule(1, 11, sender("b-progress-new"), priority=Priority.STAGE)
    final = edits.schedule(1, 12, sender("c-final"), priority=Priority.END)
    other = edits.schedule(2, 20, sender("other-channel"), priority=Priority.STAGE)
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
        await asyncio.wait_for(edits.submit(1, 10, refused, priority=Priority.STAGE), 1)
