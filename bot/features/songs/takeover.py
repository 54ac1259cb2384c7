"""Songs that outlive their process: this process keeps the leases of the songs it runs, and
takes over the songs of a process that stopped (see :mod:`bot.store.leases`).

At the start it takes what no live process holds: on SQLite (one process) every unfinished
song, as after any restart; on PostgreSQL the songs whose leases ran out or were given up.
Then, every third of a lease, it renews the leases of the songs it runs (waiting or running;
a row it no longer runs is left to run out, and is then picked up and ended like any other)
and takes over any that ran out. A song it runs whose lease another process took is stopped
here at once, without another edit, so one message is never edited by two processes.

When the database is out of reach the renewals fail: it tries again every half second, and
after two thirds of a lease without one, this process stops touching its songs' messages
(:mod:`.hold`) until a renewal gets through. Once the database is back, it takes nothing over
for a whole lease: every process that lived through the outage renews its songs (and writes
what it owes them) before any of them may take another's.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

import discord

from bot.core.errors import DatabaseUnavailable
from bot.core.metrics import Metrics
from bot.features.songs.resume import Resumption
from bot.store.leases import LeaseRepository

log = logging.getLogger(__name__)
RETRY = 0.5  # seconds between renewals while the database is out of reach


class Takeover:
    def __init__(
        self,
        leases: LeaseRepository,
        songs: Resumption,
        channel_for: Callable[[int], discord.abc.Messageable],
        *,
        only_process: bool,
        metrics: Metrics | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._leases = leases
        self._songs = songs
        self._channel_for = channel_for
        self._only_process = only_process  # SQLite: no other process can hold a song
        self._metrics = metrics
        self.taken_over = 0  # songs taken from other processes since the start
        self.hold = songs.supervisor.hold  # the songs' jobs ask it before touching Discord
        self.hold.lease(None if only_process else leases.owner.seconds, clock)
        self._back_since: float | None = float("-inf")  # None while the database is away

    @property
    def every(self) -> float:
        """Seconds between renewals: a third of a lease, so one late renewal loses nothing."""
        return self._leases.owner.seconds / 3

    async def start(self) -> int:
        """Pick up what this process may take now: how many songs."""
        sent = self.hold.now()
        taken = await self._leases.take_over(everything=self._only_process)
        self.hold.renewed(sent)
        return await self._songs.resume_unfinished(self._channel_for, set(taken))

    async def run(self) -> None:
        wait, lapsed = self.every, False
        while True:
            await asyncio.sleep(wait)
            try:
                await self.tick()
            except DatabaseUnavailable as exc:
                if wait == self.every:  # the first failure of an outage
                    log.warning("cannot renew the song leases: %s; trying again", exc)
                wait = min(RETRY, self.every)
                if not self.hold.held() and not lapsed:
                    lapsed = True
                    log.warning("song leases not renewed for 2/3 of a lease: not touching the"
                                " songs' messages until the database is back")  # fmt: skip
            except Exception:
                log.exception("keeping the song leases failed; trying again")
                wait = min(RETRY, self.every)
            else:
                wait, lapsed = self.every, False

    async def tick(self) -> int:
        """Renew, stop what was lost, take over what ran out: how many songs were taken."""
        running = self._songs.held()
        sent = self.hold.now()
        try:
            kept = await self._leases.renew(running)
        except DatabaseUnavailable:
            self._back_since = None
            raise
        self.hold.renewed(sent)
        lost = await self._leases.lost(running - kept)
        if lost:
            log.warning("another process took over songs %s: stopping them here", sorted(lost))
            await self._songs.supervisor.stop_songs(lost)
        if self._back_since is None:
            log.info("the database is back: song leases renewed")
            self._back_since = sent
        if sent - self._back_since < self._leases.owner.seconds:
            return 0  # the others renew their songs first
        taken = set(await self._leases.take_over()) - self._songs.held()
        if not taken:
            return 0
        log.info("taking over %d songs whose process stopped", len(taken))
        self.taken_over += len(taken)
        if self._metrics is not None:
            self._metrics.songs_taken_over.inc(len(taken))
        return await self._songs.resume_unfinished(self._channel_for, taken, starting=False)

    async def release(self) -> None:
        """A clean stop: give every lease up, so another process takes the songs at once."""
        await self._leases.release()
