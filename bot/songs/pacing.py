"""Coalescing message edits: at most one per interval, never a repeat, always the last one."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class EditPacer(Generic[T]):
    """Send the newest of a stream of states, at most once per ``interval`` seconds.

    :meth:`offer` never waits for the network: it records the newest state and a background
    task sends it when the interval allows. States whose ``key`` equals the last one sent are
    dropped. :meth:`finish` sends the final state (waiting out the interval) and stops.
    """

    def __init__(
        self,
        send: Callable[[T], Awaitable[None]],
        interval: float,
        key: Callable[[T], object] = lambda value: value,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._send = send
        self._interval = interval
        self._key = key
        self._clock = clock
        self._sleep = sleep
        self._pending: T | None = None
        self._last_key: object = object()
        self._last_at = float("-inf")
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._closing = False
        self.sent = 0

    def offer(self, value: T) -> None:
        self._pending = value
        self._wake.set()
        if self._task is None:
            self._task = asyncio.create_task(self._run())

    async def finish(self, value: T | None = None) -> None:
        """Send ``value`` (or what is pending) as the last state, after any edit in flight."""
        if value is not None:
            self._pending = value
        self._closing = True
        self._wake.set()
        if self._task is None:
            await self._flush()
        else:
            await self._task

    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            await self._flush()
            if self._closing:
                await self._flush()  # a final state offered while the last edit was going out
                return

    async def _flush(self) -> None:
        if self._pending is None:
            return
        wait = self._last_at + self._interval - self._clock()
        if wait > 0 and self._key(self._pending) != self._last_key:
            await self._sleep(wait)
        value, self._pending = self._pending, None
        if value is None or self._key(value) == self._last_key:
            return
        self._last_key = self._key(value)
        self._last_at = self._clock()
        self.sent += 1
        await self._send(value)
