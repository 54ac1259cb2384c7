"""A finished song's files, fetched as soon as their final URLs are known, so the finished
message does not wait for downloads; and the :class:`Delivery` saying what fitted."""

from __future__ import annotations

import asyncio
import contextlib
import io
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import cast

import aiohttp
import discord

from bot.features.songs.fetch import Download, Unattached, fetch
from bot.features.songs.render import Delivery
from bot.soundverse import JobState, Stage
from bot.soundverse.media import MediaPolicy

REQUEST_LIMIT = 25 * 1024 * 1024  # Discord refuses larger requests, whatever the file limit


@dataclass(frozen=True, slots=True)
class MediaFetcher:
    """The guarded HTTP session for the API's files, and the policy it holds to."""

    session: aiohttp.ClientSession
    policy: MediaPolicy

    async def fetch(self, url: str, limit: int) -> Download | Unattached:
        return await fetch(self.session, self.policy, url, limit)


@dataclass
class Fetched:
    filename: str
    download: Download

    def to_discord(self) -> discord.File:
        self.download.file.seek(0)
        return discord.File(cast("io.BufferedIOBase", self.download.file), filename=self.filename)


@dataclass
class Package:
    """The files for one finished song, and the :class:`Delivery` that says what fitted."""

    files: list[Fetched] = field(default_factory=list)
    delivery: Delivery = field(default_factory=Delivery)

    def discord_files(self) -> list[discord.File]:
        return [fetched.to_discord() for fetched in self.files]


class Downloads(contextlib.AbstractAsyncContextManager["Downloads"]):
    """A song's files, each fetched as soon as its final URL is known (cover art once the job
    is validated, each version once it completes). Everything fetched is closed when the block
    ends."""

    def __init__(self, fetcher: MediaFetcher, *, file_limit: int) -> None:
        self._fetcher = fetcher
        self._file_limit = file_limit
        self._budget = min(REQUEST_LIMIT, 10 * file_limit)
        self._tasks: dict[str, asyncio.Task[Download | Unattached]] = {}

    def start(self, state: JobState) -> None:
        """Begin fetching every final file ``state`` knows of that is not being fetched."""
        for url in _final_urls(state):
            if url not in self._tasks:
                self._begin(url)

    def _begin(self, url: str) -> None:
        limit = min(self._file_limit, self._budget)
        self._tasks[url] = asyncio.create_task(self._fetcher.fetch(url, limit))

    async def package(self, state: JobState) -> Package:
        """The cover and both versions, keeping each only if it fits Discord's limits."""
        self.start(state)
        audio = {number: v.audio_url for number, v in state.versions.items() if v.audio_url}
        return await self.files(state.song_name, state.album_art, audio)

    async def files(
        self, song_name: str | None, cover_url: str | None, audio_urls: Mapping[int, str]
    ) -> Package:
        """A song's cover and versions (by number) from their URLs, each fetched unless it is
        being fetched already, and kept only if it fits Discord's limits."""
        for url in (cover_url, *audio_urls.values()):
            if url and url not in self._tasks:
                self._begin(url)
        package, used = Package(), 0
        slug = slugify(song_name or "song")
        if cover_url:
            cover = await self._tasks[cover_url]
            if isinstance(cover, Download) and cover.extension not in _IMAGES:
                cover.close()
                cover = Unattached.NOT_MEDIA
            if isinstance(cover, Download):
                package.files.append(Fetched(f"{slug}-cover{cover.extension}", cover))
                package.delivery.cover_file = package.files[-1].filename
                used += cover.size
            elif cover in {Unattached.NOT_ALLOWED, Unattached.NOT_MEDIA}:
                package.delivery.cover_problem = cover.value  # else Discord may still load it
        for number in sorted(audio_urls):
            audio = await self._tasks[audio_urls[number]]
            if isinstance(audio, Download) and audio.extension in _IMAGES:
                audio.close()
                audio = Unattached.NOT_MEDIA
            if isinstance(audio, Download) and used + audio.size > self._budget:
                audio = Unattached.TOO_LARGE
            if not isinstance(audio, Download):
                package.delivery.unattached[number] = audio.value
                continue
            # The name Discord shows over the player starts with the version, so each player
            # says which version it is.
            package.files.append(Fetched(f"version-{number}-{slug}{audio.extension}", audio))
            package.delivery.audio_files[number] = package.files[-1].filename
            used += audio.size
        return package

    async def __aexit__(self, *_exc: object) -> None:
        # Most are done by now: only the others are cancelled and waited for (gathering all
        # cost more than the rest of the block).
        running = [task for task in self._tasks.values() if not task.done()]
        for task in running:
            task.cancel()
        if running:
            await asyncio.gather(*running, return_exceptions=True)
        for task in self._tasks.values():
            if not task.cancelled() and task.exception() is None:
                result = task.result()
                if isinstance(result, Download):
                    result.close()


_IMAGES = {".png", ".jpg", ".gif", ".webp"}


def _final_urls(state: JobState) -> list[str]:
    urls = [state.album_art] if state.album_art else []
    urls += [
        version.audio_url
        for version in state.versions.values()
        if version.audio_url and version.stage == Stage.COMPLETED
    ]
    return urls


def slugify(name: str) -> str:
    """A file-name-safe form of a song name: "Café Nights!" becomes "cafe-nights"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:60] or "song"
