"""Each song version encoded once, its frames shared by every party that plays it.

The file comes only through the guarded media fetcher (the allow-list, the address checks, the
size limit and the content sniffing of ``bot/features/songs/fetch.py``); the decoder is handed
the downloaded bytes, never a URL. Encoding runs in a worker thread. The cache is an LRU bounded
by the bytes its versions hold (each one buffer of frames and its offsets, ``OpusSong.size``);
two parties asking for the same version at once wait on one encode.
"""

from __future__ import annotations

import asyncio
import enum
import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Protocol

from bot.features.parties.opus import OpusSong, TooLongError, UndecodableError, encode
from bot.features.songs import Download, Unattached

log = logging.getLogger(__name__)

MAX_SONG_BYTES = 64 * 1024 * 1024  # an uncompressed 6-minute WAV fits; more is not a song
MAX_SONG_SECONDS = 15 * 60
# about 140 three-minute versions of 1.85 MB each (one buffer of frames, libopus running a
# little over 64 kbit/s, and 4 bytes of offset a frame): what the bound counts, and what a
# version holds. The process grows about 2.5 MB a version cached (benchmarks/parties.py), so
# allow ~350 MB resident for a full cache: the rest is freed fetch and encode buffers that
# glibc keeps in its heap below the cached ones (docs/performance.md)
DEFAULT_CACHE_BYTES = 256 * 1024 * 1024


class Unplayable(enum.Enum):
    """Why a version cannot be played (said to the party as one plain line)."""

    NOT_ALLOWED = "its audio is not on a host Soundverse serves files from"
    UNREACHABLE = "its audio could not be downloaded"
    TOO_LARGE = "its audio file is too large to play"
    NOT_AUDIO = "its file is not audio that can be played"
    TOO_LONG = "it is longer than a party plays"


_UNATTACHED = {
    Unattached.NOT_ALLOWED: Unplayable.NOT_ALLOWED,
    Unattached.UNREACHABLE: Unplayable.UNREACHABLE,
    Unattached.TOO_LARGE: Unplayable.TOO_LARGE,
    Unattached.NOT_MEDIA: Unplayable.NOT_AUDIO,
}


class AudioFetcher(Protocol):
    """The guarded media fetcher (``bot.features.songs.MediaFetcher``)."""

    async def fetch(self, url: str, limit: int) -> Download | Unattached: ...


@dataclass(frozen=True, slots=True)
class VersionKey:
    """One version of one song: what the frames are cached under."""

    job_id: str
    version: int


Encoder = Callable[[IO[bytes]], OpusSong]


def _encode(file: IO[bytes]) -> OpusSong:
    return encode(file, max_seconds=MAX_SONG_SECONDS)


class OpusCache:
    """The frames of recently played versions, at most ``max_bytes`` of them."""

    def __init__(
        self,
        fetcher: AudioFetcher,
        *,
        max_bytes: int = DEFAULT_CACHE_BYTES,
        encoder: Encoder = _encode,
    ) -> None:
        self._fetcher = fetcher
        self._max_bytes = max_bytes
        self._encoder = encoder
        self._songs: OrderedDict[VersionKey, OpusSong] = OrderedDict()
        self._size = 0
        self._pending: dict[VersionKey, asyncio.Task[OpusSong | Unplayable]] = {}

    @property
    def size(self) -> int:
        """Bytes held now by the cached versions (their frames and offsets)."""
        return self._size

    def __contains__(self, key: VersionKey) -> bool:
        return key in self._songs

    def cached(self, key: VersionKey) -> OpusSong | None:
        """The version's frames if held now (what a party sent, for tests and benchmarks)."""
        return self._songs.get(key)

    async def song(self, key: VersionKey, url: str) -> OpusSong | Unplayable:
        """The version's frames: from the cache, or fetched from ``url`` and encoded once."""
        cached = self._songs.get(key)
        if cached is not None:
            self._songs.move_to_end(key)
            return cached
        task = self._pending.get(key)
        if task is None:
            task = asyncio.create_task(self._load(key, url), name=f"encode {key.job_id}")
            self._pending[key] = task
            task.add_done_callback(lambda _: self._pending.pop(key, None))
        # shielded: one party giving up does not cancel the encode another is waiting on
        return await asyncio.shield(task)

    async def _load(self, key: VersionKey, url: str) -> OpusSong | Unplayable:
        download = await self._fetcher.fetch(url, MAX_SONG_BYTES)
        if isinstance(download, Unattached):
            return _UNATTACHED[download]
        try:
            download.file.seek(0)
            song = await asyncio.to_thread(self._encoder, download.file)
        except UndecodableError as exc:
            log.warning("cannot decode %s version %d: %s", key.job_id, key.version, exc)
            return Unplayable.NOT_AUDIO
        except TooLongError:
            return Unplayable.TOO_LONG
        finally:
            download.close()
        self._keep(key, song)
        return song

    def _keep(self, key: VersionKey, song: OpusSong) -> None:
        if song.size > self._max_bytes:
            return  # played from this one reference, never cached
        self._songs[key] = song
        self._size += song.size
        while self._size > self._max_bytes:
            _, evicted = self._songs.popitem(last=False)
            self._size -= evicted.size
