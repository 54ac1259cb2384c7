"""Which process runs which song: a lease on each unfinished song, renewed while its process
lives, taken over by another process once it runs out.

A song is unfinished from its reservation until its message shows the end (``delivered_at``):
waiting in the queue, at the API, or done but not yet shown. The process that reserves a song
holds its lease from the start; it renews the leases of the songs it runs in one statement
every few seconds. Another process takes over songs whose lease ran out with ``FOR UPDATE SKIP
LOCKED``, so two processes looking at once never take the same song. A process stopping
cleanly gives its leases up, so its songs are taken over at once instead of when the leases
run out.

Plain SQL leases rather than a job engine (Procrastinate was considered): a song is not a
function call to retry but a long stream tied to a live Discord message, resumed by its job id
and never submitted again, and the songs already carry every field a takeover needs.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from dataclasses import dataclass

from bot.store.database import Database

UNFINISHED = "delivered_at IS NULL AND status IN ('queued', 'reserved', 'running', 'completed')"


@dataclass(frozen=True, slots=True)
class Owner:
    """This process, as the leases name it, and how long its leases last unless renewed."""

    name: str
    seconds: float


class LeaseRepository:
    def __init__(
        self, database: Database, owner: Owner, clock: Callable[[], float] = time.time
    ) -> None:
        self._db = database
        self.owner = owner
        self._clock = clock

    async def renew(self, song_ids: Collection[int]) -> set[int]:
        """Extend the leases of these songs, the ones this process runs: those it still holds.
        Its other rows (a song whose task ended without finishing its row) are left to run
        out, so that a process, this one too, picks them up and ends them."""
        if not song_ids:
            return set()
        marks = ", ".join("?" for _ in song_ids)
        async with self._db.transaction() as db:
            rows = await db.fetch(
                f"UPDATE generations SET lease_until = ? WHERE owner = ? AND id IN ({marks})"  # noqa: S608 - only placeholders
                " RETURNING id",
                (self._clock() + self.owner.seconds, self.owner.name, *sorted(song_ids)),
            )
        return {int(row[0]) for row in rows}

    async def lost(self, song_ids: set[int]) -> set[int]:
        """Those of these songs whose lease another process holds now."""
        if not song_ids:
            return set()
        async with self._db.reading() as db:
            marks = ", ".join("?" for _ in song_ids)
            rows = await db.fetch(
                f"SELECT id, owner FROM generations WHERE owner IS NOT NULL AND id IN ({marks})",  # noqa: S608 - only placeholders
                sorted(song_ids),
            )
        return {int(song) for song, owner in rows if owner != self.owner.name}

    async def take_over(self, *, everything: bool = False, limit: int = 500) -> list[int]:
        """Take the unfinished songs whose lease ran out (or that no process holds), oldest
        first: their ids. ``everything`` takes every unfinished song, held or not: for the
        one process of a SQLite database, at its start."""
        now = self._clock()
        expired = "" if everything else "AND (lease_until IS NULL OR lease_until < :now)"
        async with self._db.transaction() as db:
            rows = await db.fetch(
                f"UPDATE generations SET owner = :me, lease_until = :until WHERE id IN"  # noqa: S608 - constant fragments
                f" (SELECT id FROM generations WHERE {UNFINISHED} {expired}"
                f"  ORDER BY id LIMIT :limit"
                f"  {self._db.dialect.skip_locked}) RETURNING id",
                {"me": self.owner.name, "until": now + self.owner.seconds, "now": now,
                 "limit": limit},
            )  # fmt: skip
        return sorted(int(row[0]) for row in rows)

    async def release(self) -> None:
        """Give up every lease (a clean stop): other processes take the songs at once."""
        await self._db.write(
            f"UPDATE generations SET lease_until = 0 WHERE owner = ? AND {UNFINISHED}",  # noqa: S608 - constant
            (self.owner.name,),
        )
