"""Real, small media for the simulator: a playable WAV melody and a PNG cover.

Made with the standard library only, deterministic for a seed, and cached, so every URL the
simulator hands out serves an actual file that Discord (or any player) can open.
"""

from __future__ import annotations

import io
import math
import random
import struct
import wave
import zlib
from array import array
from functools import lru_cache

SAMPLE_RATE = 8000
WAV_HEADER_BYTES = 44
_PENTATONIC = (0, 2, 4, 7, 9, 12, 14, 16)
_ATTACK, _RELEASE = 200, 400  # samples


@lru_cache(maxsize=32)
def melody_wav(seed: int, seconds: float, bpm: int, pad_to: int = 0) -> bytes:
    """A mono 8-bit WAV of ``seconds`` with a tune at ``bpm``, padded with silence to
    ``pad_to`` bytes when that is larger (for testing upload limits)."""
    rng = random.Random(seed)
    root = rng.choice((220.0, 246.94, 261.63, 293.66))
    beat = 60.0 / bpm
    total = int(seconds * SAMPLE_RATE)
    frames = bytearray()
    while len(frames) < total:
        length = min(total - len(frames), int(beat * rng.choice((0.5, 1, 1, 2)) * SAMPLE_RATE))
        frames += _note(root * 2 ** (rng.choice(_PENTATONIC) / 12), length)
    if pad_to > WAV_HEADER_BYTES + total:
        frames.extend(b"\x80" * (pad_to - WAV_HEADER_BYTES - total))
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(1)
        wav.setframerate(SAMPLE_RATE)
        wav.writeframes(bytes(frames))
    return out.getvalue()


def _note(freq: float, length: int) -> bytes:
    """One note's samples: a sine at ``freq`` with a short attack and release.

    Only the attack and release are computed per note; the steady middle is a slice of the
    frequency's cached tone (songs draw on a few dozen frequencies), which makes a song cheap.
    """
    tone, sines = _tone(freq)
    middle_end = length - _RELEASE
    if middle_end <= _ATTACK or length > len(tone):  # too short for the fast path, or too long
        step = 2 * math.pi * freq / SAMPLE_RATE
        return bytes(
            128 + int(90 * min(1.0, i / _ATTACK, (length - i) / _RELEASE) * math.sin(step * i))
            for i in range(length)
        )
    return b"".join(
        (
            bytes(128 + int(g * s) for g, s in zip(_ATTACK_GAIN, sines[:_ATTACK], strict=True)),
            tone[_ATTACK:middle_end],
            bytes(
                128 + int(g * s)
                for g, s in zip(_RELEASE_GAIN, sines[middle_end:length], strict=True)
            ),
        )
    )


# 90 times the envelope, over the attack and over the release (the same sums as above)
_ATTACK_GAIN = [90 * (i / _ATTACK) for i in range(_ATTACK)]
_RELEASE_GAIN = [90 * ((_RELEASE - k) / _RELEASE) for k in range(_RELEASE)]


@lru_cache(maxsize=64)
def _tone(freq: float) -> tuple[bytes, array[float]]:
    """``freq`` at full volume for long enough to hold any note (two beats at 60 BPM), as
    samples and as the raw sine values the attack and release are shaped from."""
    step = 2 * math.pi * freq / SAMPLE_RATE
    sines = array("d", (math.sin(step * i) for i in range(2 * SAMPLE_RATE + 1)))
    return bytes(128 + int(90 * s) for s in sines), sines


def wav_seconds(data: bytes) -> float:
    """The playing time of a WAV file."""
    with wave.open(io.BytesIO(data)) as wav:
        frames: int = wav.getnframes()
        rate: int = wav.getframerate()
    return frames / rate


@lru_cache(maxsize=32)
def cover_png(seed: int, size: int = 128) -> bytes:
    """A ``size`` x ``size`` PNG: a diagonal gradient between two colours chosen by seed."""
    rng = random.Random(seed)
    a = [rng.randrange(256) for _ in range(3)]
    b = [rng.randrange(256) for _ in range(3)]
    # Colour depends on x + y only: each row is a window onto one diagonal strip.
    steps = 2 * size - 2
    strip = bytes(
        int(a[c] + (b[c] - a[c]) * (d / steps)) for d in range(2 * size - 1) for c in range(3)
    )
    rows = b"".join(b"\0" + strip[3 * y : 3 * (y + size)] for y in range(size))  # filter: none
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _png_chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)),
            _png_chunk(b"IDAT", zlib.compress(rows, 9)),
            _png_chunk(b"IEND", b""),
        )
    )


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)
