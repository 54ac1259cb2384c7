"""The audio source hands discord.py the cached frames as they are, in order."""

from __future__ import annotations

from bot.features.parties.opus import OpusSong
from bot.features.parties.source import CachedOpusSource

FRAMES = [bytes([n]) * (n + 1) for n in range(5)]
SONG = OpusSong.join(FRAMES)


def test_frames_come_in_order_then_the_end() -> None:
    source = CachedOpusSource(SONG)
    assert source.is_opus()
    assert [source.read() for _ in range(6)] == [*FRAMES, b""]
    assert source.position == 5
    assert source.elapsed == 0.1


def test_a_source_can_start_part_way() -> None:
    source = CachedOpusSource(SONG, start=3)
    assert [source.read() for _ in range(3)] == [FRAMES[3], FRAMES[4], b""]
    assert CachedOpusSource(SONG, start=99).read() == b""
