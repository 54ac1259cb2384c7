"""One party playing in a voice channel: the Discord side of what :class:`Parties` decides.

The player fetches each song's Opus frames from the shared cache (encoded once per version,
fetched only through the guarded media fetcher), plays them with discord.py's
``VoiceClient.play(source, after=...)``, moves along the line when a song ends or is
skipped, keeps the now-playing message up to date, and ends the party once: at the end of
its line, on Stop, alone for a minute, disconnected or moved by hand, or when songbot stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

import discord

from bot.features.parties.cache import OpusCache, Unplayable, VersionKey
from bot.features.parties.plans import Ending, Party, Track
from bot.features.parties.service import Parties
from bot.features.parties.source import CachedOpusSource

log = logging.getLogger(__name__)

Show = Callable[[Party, float | None], Awaitable[None]]  # the now-playing message, edited


class PartyPlayer:
    def __init__(
        self,
        party: Party,
        parties: Parties,
        voice: discord.VoiceClient,
        cache: OpusCache,
        show: Show,
    ) -> None:
        self.party = party
        self._parties = parties
        self._voice = voice
        self._cache = cache
        self._show = show
        self._source: CachedOpusSource | None = None
        self._seconds: float | None = None
        self._song_over = asyncio.Event()
        self._finished = asyncio.Event()

    async def run(self) -> None:
        """Play the line to its end (or until the party ends some other way)."""
        try:
            track = await self._parties.next_song(self.party, first=True)
            while track is not None:
                await self._play(track)
                if self._over():
                    break
                if not self._voice.is_connected():  # dropped without a voice state event
                    self.party.ending = Ending.DISCONNECTED
                    break
                track = await self._parties.next_song(self.party)
        finally:
            await self._finish(self.party.ending or Ending.END_OF_LINE)

    async def _play(self, track: Track) -> None:
        if self._over():
            return
        url = track.audio_url
        key = VersionKey(track.song.job_id, track.version)
        song = await self._cache.song(key, url) if url else Unplayable.NOT_ALLOWED
        if isinstance(song, Unplayable):
            log.info("party %d skips %s: %s", self.party.id, track.song.job_id, song.value)
            self.party.skipped.append((track, song.value))
            return
        if self._over():
            return
        self._source, self._seconds = CachedOpusSource(song), song.seconds
        self._song_over.clear()
        loop = asyncio.get_running_loop()

        def over(_error: Exception | None) -> None:  # on discord.py's player thread
            with contextlib.suppress(RuntimeError):  # the loop closed: songbot has stopped
                loop.call_soon_threadsafe(self._song_over.set)

        self._voice.play(self._source, after=over)
        await self.show()
        await self._song_over.wait()

    def _over(self) -> bool:
        # a call, not the attribute: the party can end (a Stop, a voice event) at every await
        return self.party.ended

    async def show(self) -> None:
        await self._show(self.party, self._seconds)

    # --- controls ------------------------------------------------------------------------

    async def paused_or_resumed(self) -> None:
        """The use case toggled ``party.paused``: the voice connection follows."""
        if self.party.paused:
            self._voice.pause()
        else:
            if self._source is not None:
                self.party.song_started_at = self._parties.now() - self._source.elapsed
            self._voice.resume()
        await self.show()

    def skip(self) -> None:
        self._voice.stop()  # its ``after`` moves the line on

    async def end(self, ending: Ending, by: str | None = None) -> None:
        """End the party now (Stop, alone, by hand, songbot stopping) and wait till it is."""
        if self.party.ending is None:
            self.party.ending, self.party.ended_by = ending, by
        self._voice.stop()
        self._song_over.set()
        await self._finished.wait()

    async def _finish(self, ending: Ending) -> None:
        if self._finished.is_set():
            return
        try:
            await self._parties.end(self.party, ending)
            if self._voice.is_connected():
                await self._voice.disconnect(force=True)
            await self.show()
        finally:
            self._finished.set()
