"""Fetching a finished song's files so they can be attached and played inside Discord.

Files are streamed into spooled temporary files (memory for small ones, disk past a threshold),
and a download stops as soon as it passes the size Discord would accept.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO, cast
from urllib.parse import urlsplit

import aiohttp
import discord

from bot.songs.render import Delivery
from bot.soundverse import JobState

log = logging.getLogger(__name__)

REQUEST_LIMIT = 25 * 1024 * 1024  # Discord refuses larger requests, whatever the file limit
SPOOL_IN_MEMORY = 256 * 1024
_TYPES = {"audio/mpeg": ".mp3", "audio/wav": ".wav", "audio/x-wav": ".wav", "audio/ogg": ".ogg",
          "audio/flac": ".flac", "audio/mp4": ".m4a", "image/png": ".png", "image/webp": ".webp",
          "image/jpeg": ".jpg", "image/gif": ".gif"}  # fmt: skip


@dataclass
class Fetched:
    filename: str
    file: IO[bytes]
    size: int

    def to_discord(self) -> discord.File:
        self.file.seek(0)
        return discord.File(cast("io.BufferedIOBase", self.file), filename=self.filename)

    def close(self) -> None:
        self.file.close()


class Package(contextlib.AbstractAsyncContextManager["Package"]):
    """The files for one finished song, and the :class:`Delivery` that says what fitted."""

    def __init__(self) -> None:
        self.files: list[Fetched] = []
        self.delivery = Delivery()

    async def __aexit__(self, *_exc: object) -> None:
        for fetched in self.files:
            fetched.close()

    def discord_files(self) -> list[discord.File]:
        return [fetched.to_discord() for fetched in self.files]

    @property
    def size(self) -> int:
        return sum(f.size for f in self.files)


async def package_song(
    session: aiohttp.ClientSession, state: JobState, *, file_limit: int
) -> Package:
    """Download the cover and both versions, keeping each only if it fits Discord's limits."""
    package = Package()
    budget = min(REQUEST_LIMIT, 10 * file_limit)
    slug = slugify(state.song_name or "song")
    if state.album_art:
        cover = await fetch(session, state.album_art, f"{slug}-cover", min(file_limit, budget))
        if cover is not None:
            package.files.append(cover)
            package.delivery.cover_file = cover.filename
    for number in sorted(state.versions):
        url = state.versions[number].audio_url
        if not url:
            continue
        room = min(file_limit, budget - package.size)
        fetched = await fetch(session, url, f"{slug}-v{number}", room) if room > 0 else None
        if fetched is None:
            package.delivery.too_large.add(number)
            continue
        package.files.append(fetched)
        package.delivery.audio_files[number] = fetched.filename
    return package


async def fetch(session: aiohttp.ClientSession, url: str, stem: str, limit: int) -> Fetched | None:
    """The file at ``url`` if it is at most ``limit`` bytes; None if larger or unreachable."""
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115 - kept open
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
            extension = _extension(url, response.content_type)
    except (aiohttp.ClientError, TimeoutError) as exc:
        log.warning("could not fetch %s for attaching: %s", urlsplit(url).path, exc)
        spool.close()
        return None
    return Fetched(f"{stem}{extension}", spool, size)


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
