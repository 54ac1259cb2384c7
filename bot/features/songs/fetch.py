"""Downloading one of the API's files, within the media policy and a size limit.

A file is streamed into memory while small and into an anonymous temporary file past a
threshold; the download stops as soon as it passes the size Discord would accept. What comes
back is either the file or the plain reason it is not attached.
"""

from __future__ import annotations

import enum
import io
import logging
import tempfile
from dataclasses import dataclass
from typing import IO
from urllib.parse import urljoin, urlsplit

import aiohttp

from bot.soundverse.media import MediaPolicy, MediaRefusedError

log = logging.getLogger(__name__)

SPOOL_IN_MEMORY = 256 * 1024
MAX_REDIRECTS = 3
_REDIRECTS = {301, 302, 303, 307, 308}


class Unattached(enum.Enum):
    """Why a file was not attached (it is shown as a link instead)."""

    NOT_ALLOWED = "not fetched: its address is not one Soundverse serves files from"
    UNREACHABLE = "could not be downloaded"
    TOO_LARGE = "too large to attach here"
    NOT_MEDIA = "not attached: the file is not audio or an image"


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


# The formats a song's files come in, by their first bytes. Hand-written on purpose: this is an
# allow-list of a few formats, not identification of every format (what file-type libraries
# do), and anything not on it is refused.
_SIGNATURES: tuple[tuple[int, bytes, bytes, str], ...] = (
    (0, b"RIFF", b"WAVE", ".wav"),
    (0, b"RIFF", b"WEBP", ".webp"),
    (0, b"ID3", b"", ".mp3"),
    (0, b"OggS", b"", ".ogg"),
    (0, b"fLaC", b"", ".flac"),
    (4, b"ftyp", b"", ".m4a"),
    (0, b"\x89PNG\r\n\x1a\n", b"", ".png"),
    (0, b"\xff\xd8\xff", b"", ".jpg"),
    (0, b"GIF8", b"", ".gif"),
)


def sniff(head: bytes) -> str | None:
    """The file extension for a song's audio or image by its first bytes; None otherwise."""
    for offset, magic, subtype, extension in _SIGNATURES:
        if head[offset : offset + len(magic)] == magic and (not subtype or head[8:12] == subtype):
            return extension
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:  # an MPEG audio frame
        return ".mp3"
    return None


async def fetch(
    session: aiohttp.ClientSession, policy: MediaPolicy, url: str, limit: int
) -> Download | Unattached:
    """The file at ``url`` if the policy allows it and it is at most ``limit`` bytes."""
    try:
        return await _fetch(session, policy, url, limit)
    except MediaRefusedError as exc:
        log.warning("refused to fetch %s: %s", _where(url), exc)
        return Unattached.NOT_ALLOWED
    except (aiohttp.ClientError, TimeoutError, OSError) as exc:
        if isinstance(getattr(exc, "os_error", None), MediaRefusedError):
            log.warning("refused to fetch %s: %s", _where(url), exc)
            return Unattached.NOT_ALLOWED
        log.warning("could not fetch %s for attaching: %s", _where(url), exc)
        return Unattached.UNREACHABLE


async def _fetch(
    session: aiohttp.ClientSession, policy: MediaPolicy, url: str, limit: int
) -> Download | Unattached:
    for _hop in range(MAX_REDIRECTS + 1):
        reason = policy.refusal(url)
        if reason is not None:
            raise MediaRefusedError(reason)
        async with session.get(
            url, allow_redirects=False, timeout=aiohttp.ClientTimeout(total=120)
        ) as response:
            if response.status in _REDIRECTS and "Location" in response.headers:
                url = urljoin(url, response.headers["Location"])
                continue
            response.raise_for_status()
            if response.content_length is not None and response.content_length > limit:
                return Unattached.TOO_LARGE
            return await _spool(response.content, limit)
    log.warning("too many redirects for %s", _where(url))
    return Unattached.UNREACHABLE


async def _spool(body: aiohttp.StreamReader, limit: int) -> Download | Unattached:
    spool: IO[bytes] = io.BytesIO()
    size, head, extension = 0, b"", None
    try:
        async for chunk in body.iter_chunked(65536):
            size += len(chunk)
            if size > limit:
                spool.close()
                return Unattached.TOO_LARGE
            spool.write(chunk)
            if extension is None and len(head) < _HEAD:
                head += chunk[: _HEAD - len(head)]
                if len(head) == _HEAD and (extension := sniff(head)) is None:
                    spool.close()
                    return Unattached.NOT_MEDIA
            if size > SPOOL_IN_MEMORY and isinstance(spool, io.BytesIO):
                spool = _to_disk(spool)
    except BaseException:
        spool.close()
        raise
    extension = extension or sniff(head)
    if extension is None:  # too short to be a song's file
        spool.close()
        return Unattached.NOT_MEDIA
    return Download(spool, size, extension)


_HEAD = 16  # bytes enough to tell every signature above


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


def _where(url: str) -> str:
    """Host and path only: a query string may carry a signature or a token."""
    parts = urlsplit(url)
    return f"{parts.hostname}{parts.path}"
