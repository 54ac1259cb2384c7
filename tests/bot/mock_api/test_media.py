"""The simulator's media are real files."""

from __future__ import annotations

import io
import math
import struct
import wave
import zlib

import pytest

from bot.mock_api.media import SAMPLE_RATE, _note, cover_png, melody_wav, wav_seconds


def test_wav_is_playable_and_as_long_as_asked() -> None:
    data = melody_wav(seed=1, seconds=2.0, bpm=120)
    with wave.open(io.BytesIO(data)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 1, 8000)
        frames = wav.readframes(wav.getnframes())
    assert wav_seconds(data) == 2.0
    assert max(frames) - min(frames) > 100  # a tune, not silence


def test_wav_padding_makes_a_bigger_file() -> None:
    data = melody_wav(seed=1, seconds=1.0, bpm=100, pad_to=100_000)
    assert len(data) == 100_000
    assert wav_seconds(data) == (100_000 - 44) / 8000


def test_versions_differ() -> None:
    assert melody_wav(1, 1.0, 100) != melody_wav(2, 1.0, 100)


def test_png_is_valid() -> None:
    data = cover_png(seed=3, size=16)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    _length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (16, 16)
    idat_at = data.index(b"IDAT")
    idat_len = struct.unpack(">I", data[idat_at - 4 : idat_at])[0]
    pixels = zlib.decompress(data[idat_at + 4 : idat_at + 4 + idat_len])
    assert len(pixels) == 16 * (1 + 16 * 3)


@pytest.mark.parametrize("length", [1, 150, 599, 600, 601, 4000, 16001, 16002])
def test_notes_sound_as_the_plain_formula_says(length: int) -> None:
    """The cached fast path gives exactly the samples of a sine with attack and release."""
    freq = 261.63 * 2 ** (7 / 12)
    step = 2 * math.pi * freq / SAMPLE_RATE
    plain = bytes(
        128 + int(90 * min(1.0, i / 200, (length - i) / 400) * math.sin(step * i))
        for i in range(length)
    )
    assert _note(freq, length) == plain


def test_cover_is_the_diagonal_gradient() -> None:
    size = 16
    data = cover_png(seed=3, size=size)
    idat = data.index(b"IDAT")
    length = struct.unpack(">I", data[idat - 4 : idat])[0]
    rows = zlib.decompress(data[idat + 4 : idat + 4 + length])

    def pixel(x: int, y: int) -> bytes:
        return rows[y * (3 * size + 1) + 1 + 3 * x :][:3]

    assert pixel(3, 5) == pixel(5, 3) == pixel(0, 8)  # the same colour along each diagonal
    assert pixel(0, 0) != pixel(size - 1, size - 1)
