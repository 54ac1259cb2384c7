"""What the voice stand-in heard: Opus frames decoded back to sound (with PyAV), and the checks
that it is the song that was sent: its length, and the simulator's tones in it.

The simulator's songs are sine notes on a pentatonic scale (``bot/mock_api/media.py``), so
the loudest frequency of a short window in the middle of a note names the note; the check
compares those of the decoded audio with those of the original file, window by window.
"""

from __future__ import annotations

import io
import wave
from collections.abc import Iterable

import av
import numpy as np
import numpy.typing as npt

RATE = 48_000
Samples = npt.NDArray[np.float64]


def decode_opus(frames: Iterable[bytes]) -> Samples:
    """Opus frames (48 kHz stereo) as mono samples."""
    decoder = av.AudioCodecContext.create("libopus", "r")
    decoder.sample_rate = RATE
    decoder.layout = "stereo"
    chunks: list[Samples] = []
    for frame in frames:
        for decoded in decoder.decode(av.Packet(frame)):
            pcm = decoded.to_ndarray().astype(np.float64)
            if decoded.format.is_planar:
                chunks.append(pcm.mean(axis=0))
            else:  # interleaved: one row of left, right, left, ...
                chunks.append(pcm.reshape(-1, 2).mean(axis=1))
    return np.concatenate(chunks) if chunks else np.zeros(0)


def wav_samples(data: bytes) -> tuple[Samples, int]:
    """The simulator's mono 8-bit WAV as samples, and its rate."""
    with wave.open(io.BytesIO(data)) as wav:
        rate = wav.getframerate()
        raw = wav.readframes(wav.getnframes())
    return np.frombuffer(raw, dtype=np.uint8).astype(np.float64) - 128.0, rate


def loudest_frequency(samples: Samples, rate: int) -> float:
    """The strongest frequency of ``samples`` (a Hann window, zero-padded for resolution)."""
    windowed = samples * np.hanning(len(samples))
    spectrum = np.abs(np.fft.rfft(windowed, n=8 * len(samples)))
    return float(np.argmax(spectrum[1:]) + 1) * rate / (8 * len(samples))


def tones_match(heard: Samples, original: bytes, *, windows: int = 40) -> float:
    """The share of evenly spaced 100 ms windows, among those inside one note of the original,
    whose loudest frequency in ``heard`` is the original's (within 3 %). A window across a
    note change is left out: which note is loudest there depends on where in the window the
    change falls, so counting it would make the figure depend on the tune, not the audio."""
    source, source_rate = wav_samples(original)
    seconds = len(source) / source_rate
    agree = steady = 0
    for i in range(windows):
        start = (i + 0.5) * seconds / windows
        window = _window(source, source_rate, start)
        half = len(window) // 2
        expected = loudest_frequency(window, source_rate)
        halves = (window[:half], window[half:])
        if not all(_same(loudest_frequency(part, source_rate), expected) for part in halves):
            continue
        steady += 1
        agree += _same(loudest_frequency(_window(heard, RATE, start), RATE), expected)
    return agree / steady if steady else 0.0


def _same(frequency: float, expected: float) -> bool:
    return abs(frequency - expected) <= 0.03 * expected


def _window(samples: Samples, rate: int, start: float) -> Samples:
    first = int(start * rate)
    return samples[first : first + rate // 10]
