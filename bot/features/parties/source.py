"""A discord.py audio source that sends a cached version's Opus frames as they are.

``is_opus()`` is True, so discord.py sends each frame without encoding anything: a playing
party costs the packet's encryption and a send every 20 ms, nothing more. Pausing is
discord.py's own (its player stops reading); the source only remembers where it is.

Each read is a fresh ``bytes`` sliced from the song's one buffer (about 200 bytes copied, then
dropped once sent), not a ``memoryview``: discord.py's contract for ``read()`` is ``bytes``,
its DAVE path (``davey``'s ``encrypt_opus``) is declared to take ``bytes``, and the transport's
encryption copies the frame into ``bytes`` anyway.
"""

from __future__ import annotations

import discord

from bot.features.parties.opus import FRAME_SECONDS, OpusSong


class CachedOpusSource(discord.AudioSource):
    """Reads one :class:`OpusSong` frame by frame, from ``start`` (a frame index)."""

    def __init__(self, song: OpusSong, *, start: int = 0) -> None:
        self._song = song
        self._position = max(0, min(start, len(song)))

    @property
    def position(self) -> int:
        """The index of the next frame to send."""
        return self._position

    @property
    def elapsed(self) -> float:
        """Seconds of the song already sent."""
        return self._position * FRAME_SECONDS

    def is_opus(self) -> bool:
        return True

    def read(self) -> bytes:
        if self._position >= len(self._song):
            return b""  # the end: discord.py stops the player
        frame = self._song.frame(self._position)
        self._position += 1
        return frame
