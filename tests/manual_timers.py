"""A clock for the queue that tests move by hand: nothing waits for real time."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(order=True)
class _Due:
    when: float
    seq: int
    callback: Callable[[], None] = field(compare=False)
    cancelled: bool = field(default=False, compare=False)

    def cancel(self) -> None:
        self.cancelled = True


class ManualTimers:
    """:class:`bot.features.songs.queue.timers.Timers` on a clock that only :meth:`advance`
    moves. A callback already due runs on the event loop's next turn, as a real timer would."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self._now = start
        self._due: list[_Due] = []
        self._seq = itertools.count()

    def now(self) -> float:
        return self._now

    def call_at(self, when: float, callback: Callable[[], None]) -> _Due:
        due = _Due(when, next(self._seq), callback)
        if when <= self._now:
            asyncio.get_running_loop().call_soon(lambda: None if due.cancelled else callback())
        else:
            heapq.heappush(self._due, due)
        return due

    def advance(self, seconds: float) -> None:
        """Move the clock, running every callback that comes due, in order."""
        self._now += seconds
        while self._due and self._due[0].when <= self._now:
            due = heapq.heappop(self._due)
            if not due.cancelled:
                due.callback()

    @property
    def next_at(self) -> float | None:
        live = [d.when for d in self._due if not d.cancelled]
        return min(live) if live else None
