"""The tasks of the songs running in this process: started, counted, awaited, stopped."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any


class Supervisor:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()
        self.accepting = True

    @property
    def running(self) -> int:
        return len(self._tasks)

    def song_ids(self) -> set[int]:
        """The songs running here (their tasks are named ``song-<id>``)."""
        names = (task.get_name() for task in self._tasks)
        return {int(name[5:]) for name in names if name[:5] == "song-" and name[5:].isdigit()}

    async def stop_songs(self, song_ids: set[int]) -> None:
        """Stop these songs here at once (another process took them over)."""
        stopping = [t for t in self._tasks if t.get_name() in {f"song-{i}" for i in song_ids}]
        for task in stopping:
            task.cancel()
        await asyncio.gather(*stopping, return_exceptions=True)

    def spawn(self, work: Coroutine[Any, Any, None], *, name: str) -> None:
        task = asyncio.create_task(work, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def wait_idle(self) -> None:
        """Wait for every running song (for tests and for a graceful stop)."""
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def stop(self) -> None:
        """Take no new songs; running ones are cancelled (they keep their state and carry on
        after a restart)."""
        self.accepting = False
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
