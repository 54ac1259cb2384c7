"""The tasks of the songs running in this process: started, counted, awaited, stopped."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

from bot.features.songs.hold import LeaseHold


class Supervisor:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()
        self.accepting = True
        # whether this process may touch its songs' messages (the lease keeper sets the
        # lease's length; until then, and on SQLite, nobody else can take a song)
        self.hold = LeaseHold()

    @property
    def running(self) -> int:
        return len(self._tasks)

    def song_ids(self) -> set[int]:
        """The songs running here (their tasks are named ``song-<id>``)."""
        names = (task.get_name() for task in self._tasks)
        return {int(name[5:]) for name in names if name[:5] == "song-" and name[5:].isdigit()}

    async def stop_songs(self, song_ids: set[int]) -> None:
        """Stop these songs here at once, without another edit of their messages (another
        process took them over)."""
        self.hold.lose(song_ids)
        stopping = [t for t in self._tasks if t.get_name() in {f"song-{i}" for i in song_ids}]
        for task in stopping:
            task.cancel()
        await asyncio.gather(*stopping, return_exceptions=True)
        for song_id in song_ids:
            self.hold.forget(song_id)

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
