"""Measurements shared by the benchmarks: percentiles, event-loop lag, memory and CPU."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def pct(values: list[float], q: float) -> float:
    """The ``q`` quantile (0..1) of ``values``, nearest rank; NaN when there are none."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def rss_bytes(pid: int | str = "self") -> int:
    """Resident memory of a process (this one by default)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def cpu_by_thread() -> dict[str, float]:
    """This process's CPU seconds so far, user and system apart, for the main thread (the
    event loop) and for all the others together (the database's, the executor's)."""
    ticks = os.sysconf("SC_CLK_TCK")
    totals = dict.fromkeys(("loop_user", "loop_system", "others_user", "others_system"), 0.0)
    for task in Path("/proc/self/task").iterdir():
        with contextlib.suppress(OSError):  # a thread that ended meanwhile
            fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
            who = "loop" if task.name == str(os.getpid()) else "others"
            totals[f"{who}_user"] += int(fields[11]) / ticks
            totals[f"{who}_system"] += int(fields[12]) / ticks
    return totals


@dataclass
class GcMonitor:
    """Records how long each garbage collection held the process up, by generation."""

    pauses: list[tuple[int, float]] = field(default_factory=list)
    _began: float = 0.0

    def start(self) -> None:
        gc.callbacks.append(self._callback)

    def stop(self) -> None:
        gc.callbacks.remove(self._callback)

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._began = time.perf_counter()
        else:
            self.pauses.append((info["generation"], time.perf_counter() - self._began))


@dataclass
class LoopMonitor:
    """Samples event-loop lag and resident memory every ``every`` seconds."""

    every: float = 0.05
    lags: list[float] = field(default_factory=list)
    peak_rss: int = 0
    _task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    def stop(self) -> None:
        if self._task:
            self._task.cancel()

    async def _run(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(self.every)
            self.lags.append(max(0.0, time.perf_counter() - before - self.every))
            self.peak_rss = max(self.peak_rss, rss_bytes())


def print_row(row: dict[str, Any], *, as_json: bool) -> None:
    """One run's figures: as JSON, or a line each."""
    if as_json:
        print(json.dumps(row, indent=1))
        return
    for key, value in row.items():
        print(f"{key}: {value:.3g}" if isinstance(value, float) else f"{key}: {value}")
