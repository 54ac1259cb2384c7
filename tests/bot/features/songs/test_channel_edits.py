"""Channel-route edits: one at a time per channel, urgent ones first, the newest state only."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from bot.features.songs.channel_edits import SUPERSEDED, ChannelEdits


async def test_urgent_edits_go_first_and_a_newer_state_replaces_a_waiting_one() -> None:
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

    first = edits.schedule(1, 10, sender("a-progress", hold=True), urgent=False)
    await asyncio.wait_for(started.wait(), 1)
    stale = edits.schedule(1, 11, sender("b-progress-old"), urgent=False)
    newer = edits.schedule(1, 11, sender("b-progress-new"), urgent=False)
    final = edits.schedule(1, 12, sender("c-final"), urgent=True)
    other = edits.schedule(2, 20, sender("other-channel"), urgent=False)
    assert await asyncio.wait_for(other, 1) == "other-channel"  # its own line
    assert stale.result() is SUPERSEDED
    gate.set()
    done = await asyncio.wait_for(asyncio.gather(first, newer, final), 1)
    assert list(done) == ["a-progress", "b-progress-new", "c-final"]
    assert order == ["other-channel", "a-progress", "c-final", "b-progress-new"]
    assert edits.waiting == 0


async def test_a_failed_edit_is_the_callers_to_handle() -> None:
    edits = ChannelEdits()

    async def refused() -> None:
        raise RuntimeError("refused")

    with pytest.raises(RuntimeError, match="refused"):
        await asyncio.wait_for(edits.submit(1, 10, refused, urgent=False), 1)
