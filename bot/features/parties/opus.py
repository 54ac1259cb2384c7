"""A song version's audio as the 20 ms Opus frames a Discord voice connection sends.

PyAV is the codec library: its wheels carry FFmpeg with libopus, so a fresh machine plays
without system packages, and it decodes and encodes in-process on bytes we already hold, so a
file that the guarded fetcher downloaded is what gets decoded (never a URL handed to a
decoder). The alternatives weighed: discord.py's FFmpegPCMAudio/FFmpegOpusAudio need an
``ffmpeg`` program on the PATH; a wheel carrying an ffmpeg binary (imageio-ffmpeg) means a
subprocess per song and piping the bytes through it; discord.py's own Opus encoder needs a
system libopus. Measured on the simulator's 3-minute song (CPU time, one core of a busy
2-core machine): decode + resample + encode with PyAV 1.1 s, decoding the frames back 0.8 s;
9,001 frames, 1.85 MB at 64 kbit/s (libopus's VBR runs a little over the target).
Each version is encoded once (see ``cache.py``), so a playing party costs only the
sending of ready frames.

A version's frames are held as one ``bytes`` and an array of where each frame ends, not as a
``bytes`` object per frame: at about 200 bytes a frame, each object's header (33 bytes) and its
slot in a tuple (8) cost a fifth more than the audio (2.18 MB of objects for 1.82 MB of frames,
benchmarks/parties.py); the offsets cost 4 bytes a frame. So ``size`` is what is held.
"""

from __future__ import annotations

import itertools
import sys
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO

import av

SAMPLE_RATE = 48_000  # what Discord's voice expects: 48 kHz stereo Opus
CHANNELS = 2
FRAME_SECONDS = 0.020  # discord.py sends one frame every 20 ms
BITRATE = 64_000  # Discord's default voice-channel bitrate; more would be lost on most servers


class UndecodableError(ValueError):
    """The file is not audio PyAV can decode (or has no audio stream)."""


class TooLongError(ValueError):
    """The audio runs past the longest song a party plays."""


@dataclass(frozen=True, slots=True, eq=False)
class OpusSong:
    """One version's Opus frames, each 20 ms of 48 kHz stereo, immutable and shareable.

    ``audio`` is every frame back to back; frame ``i`` ends at ``ends[i]`` (and starts where
    frame ``i - 1`` ends). Build one with :meth:`join`.
    """

    audio: bytes
    ends: array[int]  # typecode "I": a 15-minute song is a few MB, far below 4 GiB

    @classmethod
    def join(cls, frames: Iterable[bytes | memoryview]) -> OpusSong:
        """The song made of ``frames`` (each one Opus packet), in order."""
        audio, ends = bytearray(), array("I")
        for frame in frames:
            audio += frame
            ends.append(len(audio))
        # copied to size: a grown bytearray or array keeps spare room for more
        return cls(bytes(audio), array("I", ends))

    def __len__(self) -> int:
        """How many frames."""
        return len(self.ends)

    def frame(self, index: int) -> bytes:
        """Frame ``index`` (0 ≤ index < len), as its own ``bytes``: a copy of ~200 bytes."""
        start = self.ends[index - 1] if index > 0 else 0
        return self.audio[start : self.ends[index]]

    def frames(self) -> list[bytes]:
        """Every frame as its own ``bytes`` (copies: for checks; a player reads :meth:`frame`)."""
        return [self.frame(index) for index in range(len(self))]

    @property
    def seconds(self) -> float:
        return len(self) * FRAME_SECONDS

    @property
    def size(self) -> int:
        """Bytes held: the audio and the offsets, headers included (what the cache counts)."""
        return sys.getsizeof(self.audio) + sys.getsizeof(self.ends)


def encode(file: IO[bytes], *, max_seconds: float) -> OpusSong:
    """``file`` (any format FFmpeg reads) as 20 ms Opus frames. CPU-bound: run in a thread.

    Raises :class:`UndecodableError` or :class:`TooLongError`.
    """
    try:
        song = OpusSong.join(_packets(file, max_seconds))
    except av.FFmpegError as exc:
        raise UndecodableError(str(exc)) from exc
    if not song:
        raise UndecodableError("the file has no audio")
    return song


def _packets(file: IO[bytes], max_seconds: float) -> Iterator[memoryview]:
    """The encoded packets as they come, each copied straight into the song's buffer."""
    max_frames, count = int(max_seconds / FRAME_SECONDS) + 1, 0
    with av.open(file, mode="r") as container:
        if not container.streams.audio:
            raise UndecodableError("the file has no audio")
        encoder = _encoder()
        resampler = av.AudioResampler(format="s16", layout="stereo", rate=SAMPLE_RATE)
        # the last None flushes the resampler (and encode(None) below, the encoder)
        for decoded in itertools.chain(container.decode(audio=0), [None]):
            for pcm in resampler.resample(decoded):
                for packet in encoder.encode(pcm):
                    count += 1
                    yield memoryview(packet)
            if count > max_frames:
                raise TooLongError(f"longer than {max_seconds:.0f} seconds")
        for packet in encoder.encode(None):
            yield memoryview(packet)


def _encoder() -> av.AudioCodecContext:
    encoder = av.AudioCodecContext.create("libopus", "w")
    encoder.sample_rate = SAMPLE_RATE
    encoder.layout = "stereo"
    encoder.format = "s16"
    encoder.bit_rate = BITRATE
    # 20 ms frames (the encoder's own fifo cuts the decoded audio into 960-sample frames)
    encoder.options = {"frame_duration": "20", "application": "audio"}
    return encoder
