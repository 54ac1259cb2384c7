"""Songs that outlive their process: this process keeps its songs' leases, and takes over the
songs of a process that stopped (see :mod:`bot.store.leases`).

At the start it takes what no live process holds: on SQLite (one process) every unfinished
song, as after any restart; on PostgreSQL the songs whose leases ran out or were given up.
Then, every third of a lease, it renews its own leases and takes over any that ran out. A song
it runs whose lease another process took (this one stalled past its lease) is stopped here at
once, so one message is never edited by two processes.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import discord

from bot.core.metrics import Metrics
from bot.features.songs.resume import Resumption
from bot.store.leases import LeaseRepository

log = logging.getLogger(__name__)


class Takeover:
    def __init__(
        self,
        leases: LeaseRepository,
        songs: Resumption,
        channel_for: Callable[[int], discord.abc.Messageable],
        *,
        only_process: bool,
        metrics: Metrics | None = None,
    ) -> None:
        self._leases = leases
        self._songs = songs
        self._channel_for = channel_for
        self._only_process = only_process  # SQLite: no other process can hold a song
        self._metrics = metrics
        self.taken_over = 0  # songs taken from other processes since the start

    @property
    def every(self) -> float:
        """Seconds between renewals: a third of a lease, so one late renewal loses nothing."""
        return self._leases.owner.seconds / 3

    async def start(self) -> int:
        """Pick up what this process may take now: how many songs."""
        taken = await self._leases.take_over(everything=self._only_process)
        return await self._songs.resume_unfinished(self._channel_for, set(taken))

    async def run(self) -> None:
        while True:
            await asyncio.sleep(self.every)
            try:
                await self.tick()
            except Exception:
                log.exception("keeping the song leases failed; trying again")

    async def tick(self) -> int:
        """Renew, stop what was lost, take over what ran out: how many songs were taken."""
        await self._leases.renew()
        lost = await self._leases.lost(self._songs.supervisor.song_ids())
        if lost:
            log.warning("another process took over songs %s: stopping them here", sorted(lost))
            await self._songs.supervisor.stop_songs(lost)
        taken = await self._leases.take_over()
        if not taken:
            return 0
        log.info("taking over %d songs whose process stopped", len(taken))
        self.taken_over += len(taken)
        if self._metrics is not None:
            self._metrics.songs_taken_over.inc(len(taken))
        return await self._songs.resume_unfinished(self._channel_for, set(taken), starting=False)

    async def release(self) -> None:
        """A clean stop: give every lease up, so another process takes the songs at once."""
        await self._leases.release()
