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
from functools import lru_cache

SAMPLE_RATE = 8000
WAV_HEADER_BYTES = 44
_PENTATONIC = (0, 2, 4, 7, 9, 12, 14, 16)


@lru_cache(maxsize=32)
def melody_wav(seed: int, seconds: float, bpm: int, pad_to: int = 0) -> bytes:
    """A mono 8-bit WAV of ``seconds`` with a tune at ``bpm``, padded with silence to
    ``pad_to`` bytes when that is larger (for testing upload limits)."""
    rng = random.Random(seed)
    root = rng.choice((220.0, 246.94, 261.63, 293.66))
    beat = 60.0 / bpm
    total = int(seconds * SAMPLE_RATE)
    frames = bytearray(total)
    position = 0
    while position < total:
        length = min(total - position, int(beat * rng.choice((0.5, 1, 1, 2)) * SAMPLE_RATE))
        freq = root * 2 ** (rng.choice(_PENTATONIC) / 12)
        step = 2 * math.pi * freq / SAMPLE_RATE
        for i in range(length):
            envelope = min(1.0, i / 200, (length - i) / 400)
            frames[position + i] = 128 + int(90 * envelope * math.sin(step * i))
        position += length
    if pad_to > WAV_HEADER_BYTES + total:
        frames.extend(b"\x80" * (pad_to - WAV_HEADER_BYTES - total))
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(1)
        wav.setframerate(SAMPLE_RATE)
        wav.writeframes(bytes(frames))
    return out.getvalue()


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
    rows = bytearray()
    for y in range(size):
        rows.append(0)  # filter type: none
        for x in range(size):
            t = (x + y) / (2 * size - 2)
            rows.extend(int(a[c] + (b[c] - a[c]) * t) for c in range(3))
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _png_chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)),
            _png_chunk(b"IDAT", zlib.compress(bytes(rows), 9)),
            _png_chunk(b"IEND", b""),
        )
    )


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)
