"""A song version encoded to 20 ms Opus frames: decoded back, it is the song."""

from __future__ import annotations

import io
import itertools
import sys

import pytest

from bot.features.parties.opus import (
    FRAME_SECONDS,
    OpusSong,
    TooLongError,
    UndecodableError,
    encode,
)
from bot.mock_api.media import melody_wav, wav_seconds
from tests.standin.discord.voice_audio import RATE, decode_opus, tones_match


def test_a_simulator_song_decodes_back_to_its_length_and_tones() -> None:
    wav = melody_wav(7, 12.0, 100)
    song = encode(io.BytesIO(wav), max_seconds=60)
    heard = decode_opus(song.frames())
    assert song.seconds == pytest.approx(wav_seconds(wav), rel=0.02)
    assert len(heard) / RATE == pytest.approx(wav_seconds(wav), rel=0.02)
    assert tones_match(heard, wav) >= 0.9
    assert tones_match(heard, melody_wav(8, 12.0, 100)) < 0.5  # the check tells songs apart


def test_every_frame_is_twenty_milliseconds_of_opus() -> None:
    song = encode(io.BytesIO(melody_wav(1, 2.0, 120)), max_seconds=60)
    frames = song.frames()
    assert len(song) == len(frames) == pytest.approx(2.0 / FRAME_SECONDS, abs=2)
    assert all(0 < len(frame) <= 1275 for frame in frames)  # Opus's largest frame


def test_a_song_is_one_buffer_and_its_size_is_what_it_holds() -> None:
    song = encode(io.BytesIO(melody_wav(1, 2.0, 120)), max_seconds=60)
    frames = song.frames()
    assert song.audio == b"".join(frames)
    assert list(song.ends) == list(itertools.accumulate(map(len, frames)))
    # the bound counts the buffer, the offsets and both headers: no per-frame objects, no slack
    assert song.size == sys.getsizeof(song.audio) + sys.getsizeof(song.ends)
    assert song.size < len(song.audio) + song.ends.itemsize * len(song) + 200


def test_frames_joined_come_back_as_they_were() -> None:
    frames = [b"a", b"bcd", b"g", b"ef"]
    song = OpusSong.join(frames)
    assert song.frames() == frames
    assert [song.frame(n) for n in (3, 0, 1)] == [b"ef", b"a", b"bcd"]
    assert len(song) == 4
    assert not OpusSong.join([])


def test_what_is_not_audio_is_refused() -> None:
    with pytest.raises(UndecodableError):
        encode(io.BytesIO(b"RIFF\x00\x00\x00\x00WAVE" + b"\x00" * 200), max_seconds=60)


def test_a_song_past_the_limit_stops_being_encoded() -> None:
    with pytest.raises(TooLongError):
        encode(io.BytesIO(melody_wav(1, 5.0, 120)), max_seconds=2)
