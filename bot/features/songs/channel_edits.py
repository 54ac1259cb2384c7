"""Edits through the channel route, scheduled per channel.

Every ``PATCH /channels/{channel}/messages/*`` of one channel shares one Discord rate-limit
bucket, whatever the message (the channel is its major parameter), so after an interaction
token expires or after a restart, hundreds of songs in one channel queue behind one another.
One worker per channel sends each message's newest state only (a state waiting when a newer
one arrives is dropped, and its caller told so), most urgent first: a finished or failed song,
then another song's stage, then places in the queue (:class:`Priority`). discord.py still
waits out the bucket itself; this decides what goes next.

Messages older than an hour have a stricter limit of their own (about 3 edits per 6 s per
channel; over it Discord answers 429 with code 30046), which a song that waited long in the
queue reaches. Their edits are paced here within it, and a newer message's edit goes first
while an old one waits for room.

Written by hand: this is a per-key "latest value, priority first" queue over an asyncio
worker, which no well-kept library offers.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any


class Priority(enum.IntEnum):
    """Which edit of a channel goes first: the lowest."""

    END = 0  # a song's finished or failed message
    STAGE = 1  # a song's progress
    PLACE = 2  # a waiting song's place in the queue


@dataclass(slots=True)
class _Edit:
    send: Callable[[], Awaitable[Any]]
    priority: Priority
    done: asyncio.Future[Any] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


@dataclass(slots=True)
class _Channel:
    pending: dict[int, _Edit] = field(default_factory=dict)  # message id -> its newest edit
    worker: asyncio.Task[None] | None = None
    arrived: asyncio.Event = field(default_factory=asyncio.Event)


OLD_AFTER = 3600.0  # seconds: a message this old is edited under the stricter limit
OLD_EDITS, OLD_WINDOW = 3, 6.0  # edits of old messages per channel per window (seconds)


DISCORD_EPOCH_MS = 1_420_070_400_000  # where a Discord id's timestamp counts from
SUPERSEDED = object()  # what a caller gets when a newer state of its message came first


class ChannelEdits:
    def __init__(self, *, clock: Callable[[], float] = time.time) -> None:
        """``clock`` is the wall clock (a message's age comes from its id's timestamp)."""
        self._channels: dict[int, _Channel] = {}
        # When old messages were edited, per channel; kept while a channel's line is empty
        # (the limit's window outlives it).
        self._old_edits: dict[int, deque[float]] = {}
        self._clock = clock

    async def submit(
        self,
        channel_id: int,
        message_id: int,
        send: Callable[[], Awaitable[Any]],
        *,
        priority: Priority,
    ) -> Any:
        """Run ``send`` when the channel's turn comes; its result, or :data:`SUPERSEDED`."""
        return await self.schedule(channel_id, message_id, send, priority=priority)

    def schedule(
        self,
        channel_id: int,
        message_id: int,
        send: Callable[[], Awaitable[Any]],
        *,
        priority: Priority,
    ) -> asyncio.Future[Any]:
        """:meth:`submit`, as a future (the edit is in line as soon as this returns)."""
        channel = self._channels.setdefault(channel_id, _Channel())
        edit = _Edit(send, priority)
        older = channel.pending.get(message_id)
        if older is not None:  # keeps its place in the line, with the newer state
            edit.priority = min(edit.priority, older.priority)
            older.done.set_result(SUPERSEDED)
        channel.pending[message_id] = edit
        channel.arrived.set()
        if channel.worker is None or channel.worker.done():
            channel.worker = asyncio.create_task(self._work(channel_id, channel))
        return edit.done

    @property
    def waiting(self) -> int:
        return sum(len(channel.pending) for channel in self._channels.values())

    async def _work(self, channel_id: int, channel: _Channel) -> None:
        try:
            await self._drain(channel_id, channel)
        except asyncio.CancelledError:  # stopping: nobody waits for an edit that will not come
            for edit in channel.pending.values():
                edit.done.cancel()
            channel.pending.clear()
            raise
        finally:
            if self._channels.get(channel_id) is channel and not channel.pending:
                del self._channels[channel_id]

    async def _drain(self, channel_id: int, channel: _Channel) -> None:
        old_edits = self._old_edits.setdefault(channel_id, deque())
        while channel.pending:
            message_id, wait = self._next(channel, old_edits)
            if message_id is None:  # only old messages, and no room for them yet
                channel.arrived.clear()
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(wait):
                        await channel.arrived.wait()
                continue
            old = self._is_old(message_id)
            edit = channel.pending.pop(message_id)
            try:
                result = await edit.send()
            except Exception as exc:  # noqa: BLE001 - handed to the caller, who decides
                if not edit.done.done():
                    edit.done.set_exception(exc)
            else:
                if not edit.done.done():
                    edit.done.set_result(result)
            finally:  # counted from its answer: Discord's window began before that
                if old:
                    old_edits.append(self._clock())
        if not old_edits:
            self._old_edits.pop(channel_id, None)

    def _next(self, channel: _Channel, old_edits: deque[float]) -> tuple[int | None, float]:
        """The edit to send now (the most urgent first, in arrival order), or how long until
        an old message's edit may go."""
        now = self._clock()
        while old_edits and old_edits[0] <= now - OLD_WINDOW:
            old_edits.popleft()
        room_for_old = len(old_edits) < OLD_EDITS
        ordered = sorted(channel.pending.items(), key=lambda item: item[1].priority)
        for message_id, _edit in ordered:
            if room_for_old or not self._is_old(message_id):
                return message_id, 0.0
        return None, max(0.01, old_edits[0] + OLD_WINDOW - now)

    def _is_old(self, message_id: int) -> bool:
        created = ((message_id >> 22) + DISCORD_EPOCH_MS) / 1000
        return self._clock() - created > OLD_AFTER

    async def close(self) -> None:
        for channel in list(self._channels.values()):
            if channel.worker is not None:
                channel.worker.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await channel.worker
