"""Whether this process may still act on its songs: it holds their leases as far as it knows.

A lease in the database runs out ``seconds`` after the last renewal, by the clock of the
process that renewed it; another process may then take the song over. So this process counts
a lease as held for only :data:`HELD_FOR` of its length after the last renewal that reached
the database (timed from when the renewal was *sent*), and then stops touching Discord for its
songs until a renewal succeeds again: what it was doing when the database went away cannot
overlap with what a taker does, even with the two clocks a little apart. What it owes the
database (stages, tokens, "shown", the end) it keeps trying to write meanwhile; a song that
another process did take is stopped here without another word (:meth:`lose`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

HELD_FOR = 2 / 3  # of a lease, after the last renewal: the rest is the margin for clocks


class LeaseLost(Exception):  # noqa: N818 - not an error here: another process has the song
    """Another process took this song over: this one must not touch its message again."""


class LeaseHold:
    """``seconds`` is the lease's length; ``None`` means nobody else can take a song (one
    process on SQLite), so the songs are always held."""

    def __init__(
        self, seconds: float | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._for = None if seconds is None else seconds * HELD_FOR
        self._clock = clock
        self._renewed_at = clock()  # a process starts holding what it just reserved or took
        self._renewal = asyncio.Event()
        self._lost: set[int] = set()

    def lease(self, seconds: float | None, clock: Callable[[], float] = time.monotonic) -> None:
        """Count leases of ``seconds`` (``None``: always held) by ``clock``, from now: the
        lease keeper's settings, once it knows them."""
        self._for = None if seconds is None else seconds * HELD_FOR
        self._clock = clock
        self._renewed_at = clock()

    def now(self) -> float:
        """The hold's clock: read it before sending a renewal, and pass it to :meth:`renewed`."""
        return self._clock()

    def renewed(self, sent_at: float) -> None:
        """A renewal sent at ``sent_at`` reached the database."""
        self._renewed_at = max(self._renewed_at, sent_at)
        self._renewal.set()

    def held(self) -> bool:
        return self._for is None or self._clock() - self._renewed_at < self._for

    def lose(self, song_ids: set[int]) -> None:
        """These songs were taken by another process."""
        self._lost |= song_ids
        self._renewal.set()  # whoever waits for a renewal learns it at once

    def forget(self, song_id: int) -> None:
        """A song that ended here: its id is not looked at again."""
        self._lost.discard(song_id)

    async def acting(self, song_id: int | None) -> None:
        """Return when this process may touch the song's message: at once while the lease is
        held, else after the next renewal; :class:`LeaseLost` if another process has it."""
        while True:
            if song_id is not None and song_id in self._lost:
                raise LeaseLost(song_id)
            if self.held():
                return
            self._renewal.clear()
            await self._renewal.wait()

    def gate(self, song_id: int | None) -> Callable[[], Awaitable[None]]:
        """:meth:`acting` for one song, for the song's job to await before each Discord call."""
        return lambda: self.acting(song_id)
