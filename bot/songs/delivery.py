"""Fetching a finished song's files so they can be attached and played inside Discord.

Each file is fetched as soon as its final URL is known, streamed into memory while small and
into an anonymous temporary file past a threshold, and a download stops as soon as it passes the
size Discord would accept. Uploads stream from the same files.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import IO, cast
from urllib.parse import urlsplit

import aiohttp
import discord

from bot.songs.render import Delivery
from bot.soundverse import JobState, Stage

log = logging.getLogger(__name__)

REQUEST_LIMIT = 25 * 1024 * 1024  # Discord refuses larger requests, whatever the file limit
SPOOL_IN_MEMORY = 256 * 1024
_TYPES = {"audio/mpeg": ".mp3", "audio/wav": ".wav", "audio/x-wav": ".wav", "audio/ogg": ".ogg",
          "audio/flac": ".flac", "audio/mp4": ".m4a", "image/png": ".png", "image/webp": ".webp",
          "image/jpeg": ".jpg", "image/gif": ".gif"}  # fmt: skip


@dataclass
class Download:
    """One downloaded file, spooled (in memory while small, on disk past that)."""

    file: IO[bytes]
    size: int
    extension: str

    def __post_init__(self) -> None:
        # discord.File swaps the file's close() for a no-op while it holds it; keep the real one
        self._close = self.file.close

    def close(self) -> None:
        self._close()


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
    is validated, each version once it completes), so the finished message does not wait for
    downloads. Everything fetched is closed when the block ends."""

    def __init__(self, session: aiohttp.ClientSession, *, file_limit: int) -> None:
        self._session = session
        self._file_limit = file_limit
        self._budget = min(REQUEST_LIMIT, 10 * file_limit)
        self._tasks: dict[str, asyncio.Task[Download | None]] = {}

    def start(self, state: JobState) -> None:
        """Begin fetching every final file ``state`` knows of that is not being fetched."""
        for url in _final_urls(state):
            if url not in self._tasks:
                limit = min(self._file_limit, self._budget)
                self._tasks[url] = asyncio.create_task(fetch(self._session, url, limit))

    async def package(self, state: JobState) -> Package:
        """The cover and both versions, keeping each only if it fits Discord's limits."""
        self.start(state)
        package, used = Package(), 0
        slug = slugify(state.song_name or "song")
        if state.album_art:
            cover = await self._tasks[state.album_art]
            if cover is not None:
                package.files.append(Fetched(f"{slug}-cover{cover.extension}", cover))
                package.delivery.cover_file = package.files[-1].filename
                used += cover.size
        for number in sorted(state.versions):
            url = state.versions[number].audio_url
            if not url:
                continue
            audio = await self._tasks[url]
            if audio is None or used + audio.size > self._budget:
                package.delivery.too_large.add(number)
                continue
            package.files.append(Fetched(f"{slug}-v{number}{audio.extension}", audio))
            package.delivery.audio_files[number] = package.files[-1].filename
            used += audio.size
        return package

    async def __aexit__(self, *_exc: object) -> None:
        for task in self._tasks.values():
            task.cancel()
        for result in await asyncio.gather(*self._tasks.values(), return_exceptions=True):
            if isinstance(result, Download):
                result.close()


def _final_urls(state: JobState) -> list[str]:
    urls = [state.album_art] if state.album_art else []
    urls += [
        version.audio_url
        for version in state.versions.values()
        if version.audio_url and version.stage == Stage.COMPLETED
    ]
    return urls


async def fetch(session: aiohttp.ClientSession, url: str, limit: int) -> Download | None:
    """The file at ``url`` if it is at most ``limit`` bytes; None if larger or unreachable."""
    spool: IO[bytes] = io.BytesIO()
    try:
        async with session.get(url, timeout=aiohttp.ClientTimeout(total=120)) as response:
            response.raise_for_status()
            if response.content_length is not None and response.content_length > limit:
                spool.close()
                return None
            size = 0
            async for chunk in response.content.iter_chunked(65536):
                size += len(chunk)
                if size > limit:
                    spool.close()
                    return None
                spool.write(chunk)
                if size > SPOOL_IN_MEMORY and isinstance(spool, io.BytesIO):
                    spool = _to_disk(spool)
            extension = _extension(url, response.content_type)
    except (aiohttp.ClientError, TimeoutError) as exc:
        log.warning("could not fetch %s for attaching: %s", urlsplit(url).path, exc)
        spool.close()
        return None
    except BaseException:
        spool.close()
        raise
    return Download(spool, size, extension)


def _to_disk(memory: io.BytesIO) -> IO[bytes]:
    """Move a download that outgrew memory into an anonymous temporary file.

    (Not SpooledTemporaryFile: aiohttp asks an upload for its fileno(), which makes a spooled
    file roll over to disk however small it is.)
    """
    disk = tempfile.TemporaryFile()  # noqa: SIM115 - closed with the Download
    with memory.getbuffer() as view:
        disk.write(view)
    memory.close()
    return disk


def slugify(name: str) -> str:
    """A file-name-safe form of a song name: "Café Nights!" becomes "cafe-nights"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:60] or "song"


def _extension(url: str, content_type: str) -> str:
    suffix = PurePosixPath(urlsplit(url).path).suffix.lower()
    if re.fullmatch(r"\.[a-z0-9]{2,5}", suffix):
        return suffix
    return _TYPES.get(content_type, ".bin")
