"""Edits through the channel route, scheduled per channel.

Every ``PATCH /channels/{channel}/messages/*`` of one channel shares one Discord rate-limit
bucket, whatever the message (the channel is its major parameter), so after an interaction
token expires or after a restart, hundreds of songs in one channel queue behind one another.
One worker per channel sends each message's newest state only (a state waiting when a newer
one arrives is dropped, and its caller told so), most urgent first: a finished or failed song,
then another song's stage, then places in the queue (:class:`Priority`). discord.py still
waits out the bucket itself; this decides what goes next.

Written by hand: this is a per-key "latest value, priority first" queue over an asyncio
worker, which no well-kept library offers.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
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


SUPERSEDED = object()  # what a caller gets when a newer state of its message came first


class ChannelEdits:
    def __init__(self) -> None:
        self._channels: dict[int, _Channel] = {}

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
        if channel.worker is None or channel.worker.done():
            channel.worker = asyncio.create_task(self._work(channel_id, channel))
        return edit.done

    @property
    def waiting(self) -> int:
        return sum(len(channel.pending) for channel in self._channels.values())

    async def _work(self, channel_id: int, channel: _Channel) -> None:
        try:
            await self._drain(channel)
        except asyncio.CancelledError:  # stopping: nobody waits for an edit that will not come
            for edit in channel.pending.values():
                edit.done.cancel()
            channel.pending.clear()
            raise
        finally:
            if self._channels.get(channel_id) is channel and not channel.pending:
                del self._channels[channel_id]

    @staticmethod
    async def _drain(channel: _Channel) -> None:
        while channel.pending:
            first = min(edit.priority for edit in channel.pending.values())
            message_id = next(m for m, edit in channel.pending.items() if edit.priority == first)
            edit = channel.pending.pop(message_id)
            try:
                result = await edit.send()
            except Exception as exc:  # noqa: BLE001 - handed to the caller, who decides
                if not edit.done.done():
                    edit.done.set_exception(exc)
            else:
                if not edit.done.done():
                    edit.done.set_result(result)

    async def close(self) -> None:
        for channel in list(self._channels.values()):
            if channel.worker is not None:
                channel.worker.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await channel.worker
