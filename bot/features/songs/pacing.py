"""Coalescing message edits: progress at most once per interval, never a repeat, the last
state as soon as it is known."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

from bot.core.settings import PROGRESS_INTERVAL

T = TypeVar("T")

__all__ = ["PROGRESS_INTERVAL", "EditPacer"]


class EditPacer(Generic[T]):
    """Send the newest of a stream of states: progress at most once per ``interval`` seconds,
    the final state right after any edit in flight.

    :meth:`offer` never waits for the network: it records the newest state and a background
    task sends it when the interval allows. States whose ``key`` equals the last one sent are
    dropped. :meth:`finish` sends the final state without waiting out the interval, so an
    interval of at least :data:`PROGRESS_INTERVAL` keeps every message within Discord's limit.
    """

    def __init__(
        self,
        send: Callable[[T], Awaitable[None]],
        interval: float,
        *,
        key: Callable[[T], object] = lambda value: value,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        lag: Callable[[float], None] | None = None,
    ) -> None:
        """``lag``, if given, is told for each edit how long its state waited to be shown.
        ``clock`` and ``sleep`` are for tests (without ``sleep``, the event loop's timer,
        which keeps :func:`time.monotonic`'s time)."""
        self._send = send
        self._lag = lag
        self._waiting_since: float | None = None
        self._interval = interval
        self._key = key
        self._clock = clock
        self._sleep = sleep
        self._pending: tuple[T, object] | None = None  # the newest state and its key
        self._last_key: object = object()
        self._last_at = float("-inf")
        self._wake = asyncio.Event()
        self._waiting: asyncio.Future[None] | None = None  # the interval, until the final state
        self._task: asyncio.Task[None] | None = None
        self._closing = False
        self.sent = 0

    def offer(self, value: T) -> None:
        if self._waiting_since is None:
            self._waiting_since = self._clock()
        self._pending = (value, self._key(value))
        self._wake.set()
        if self._task is None:
            self._task = asyncio.create_task(self._run())

    def written(self) -> None:
        """The message was just written another way (a song's message posted as the
        interaction's answer): that counts as the last edit, so the next state waits out the
        interval from now, as after any edit. The final state still goes out at once."""
        self._last_at = self._clock()

    async def finish(self, value: T | None = None) -> None:
        """Send ``value`` (or what is pending) as the last state, after any edit in flight."""
        if value is not None:
            if self._waiting_since is None:
                self._waiting_since = self._clock()
            self._pending = (value, self._key(value))
        self._closing = True
        self._wake.set()
        _resolve(self._waiting)
        if self._task is None:
            await self._flush()
        else:
            await self._task

    def discard(self) -> None:
        """Stop without sending what is pending (the process is stopping)."""
        self._closing = True
        if self._task is not None:
            self._task.cancel()

    async def _run(self) -> None:
        while not self._closing:
            await self._wake.wait()
            self._wake.clear()
            wait = self._last_at + self._interval - self._clock()
            if wait > 0 and self._changed() and not self._closing:
                await self._sleep_unless_finished(wait)
            if not self._closing:
                await self._flush()
        await self._flush()  # the final state

    async def _sleep_unless_finished(self, seconds: float) -> None:
        """Wait out the interval, but stop waiting when the final state arrives: one future
        that the timer or :meth:`finish` resolves, whichever comes first (this runs before
        every paced edit, so no task, no second future, no ``asyncio.wait``)."""
        waiting = self._waiting = asyncio.get_running_loop().create_future()
        timer: asyncio.TimerHandle | asyncio.Future[None]
        if self._sleep is None:
            timer = asyncio.get_running_loop().call_later(seconds, _resolve, waiting)
        else:
            timer = asyncio.ensure_future(self._sleep(seconds))
            timer.add_done_callback(lambda _slept: _resolve(waiting))
        try:
            await waiting
        finally:
            timer.cancel()
            self._waiting = None

    def _changed(self) -> bool:
        return self._pending is not None and self._pending[1] != self._last_key

    async def _flush(self) -> None:
        pending, self._pending = self._pending, None
        if pending is None or pending[1] == self._last_key:
            return
        value, self._last_key = pending
        self.sent += 1
        waited_from, self._waiting_since = self._waiting_since, None
        try:
            await self._send(value)
        finally:  # counted from when Discord has it, so slow sends cannot bunch up there
            self._last_at = self._clock()
            if self._lag is not None and waited_from is not None:
                self._lag(self._last_at - waited_from)


def _resolve(waiting: asyncio.Future[None] | None) -> None:
    if waiting is not None and not waiting.done():
        waiting.set_result(None)
