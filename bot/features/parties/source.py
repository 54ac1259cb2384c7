"""A discord.py audio source that sends a cached version's Opus frames as they are.

``is_opus()`` is True, so discord.py sends each frame without encoding anything: a playing
party costs the packet's encryption and a send every 20 ms, nothing more. Pausing is
discord.py's own (its player stops reading); the source only remembers where it is.
"""

from __future__ import annotations

import discord

from bot.features.parties.opus import FRAME_SECONDS, OpusSong


class CachedOpusSource(discord.AudioSource):
    """Reads one :class:`OpusSong` frame by frame, from ``start`` (a frame index)."""

    def __init__(self, song: OpusSong, *, start: int = 0) -> None:
        self._frames = song.frames
        self._position = max(0, min(start, len(self._frames)))

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
        if self._position >= len(self._frames):
            return b""  # the end: discord.py stops the player
        frame = self._frames[self._position]
        self._position += 1
        return frame
