"""The queue's sense of time: the wall clock (Discord timestamps show when it tries again) and
callbacks at a time. Injected, so tests move a manual clock instead of waiting."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Protocol


class Handle(Protocol):
    def cancel(self) -> None: ...


class Timers(Protocol):
    def now(self) -> float:
        """Unix seconds."""

    def call_at(self, when: float, callback: Callable[[], None]) -> Handle:
        """Run ``callback`` at ``when`` (unix seconds), or at once if that has passed."""


class LoopTimers:
    """The event loop's timers, on the wall clock."""

    def now(self) -> float:
        return time.time()

    def call_at(self, when: float, callback: Callable[[], None]) -> Handle:
        return asyncio.get_running_loop().call_later(max(0.0, when - time.time()), callback)
