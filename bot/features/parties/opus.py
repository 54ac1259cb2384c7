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
"""

from __future__ import annotations

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
    """One version's Opus frames, each 20 ms of 48 kHz stereo, immutable and shareable."""

    frames: tuple[bytes, ...]

    @property
    def seconds(self) -> float:
        return len(self.frames) * FRAME_SECONDS

    @property
    def size(self) -> int:
        """Bytes held: the frames themselves (what the cache's bound counts)."""
        return sum(len(frame) for frame in self.frames)


def encode(file: IO[bytes], *, max_seconds: float) -> OpusSong:
    """``file`` (any format FFmpeg reads) as 20 ms Opus frames. CPU-bound: run in a thread.

    Raises :class:`UndecodableError` or :class:`TooLongError`.
    """
    max_frames = int(max_seconds / FRAME_SECONDS) + 1
    frames: list[bytes] = []
    try:
        with av.open(file, mode="r") as container:
            if not container.streams.audio:
                raise UndecodableError("the file has no audio")
            encoder = _encoder()
            resampler = av.AudioResampler(format="s16", layout="stereo", rate=SAMPLE_RATE)
            for decoded in container.decode(audio=0):
                for pcm in resampler.resample(decoded):
                    frames.extend(bytes(packet) for packet in encoder.encode(pcm))
                if len(frames) > max_frames:
                    raise TooLongError(f"longer than {max_seconds:.0f} seconds")
            for pcm in resampler.resample(None):
                frames.extend(bytes(packet) for packet in encoder.encode(pcm))
            frames.extend(bytes(packet) for packet in encoder.encode(None))
    except av.FFmpegError as exc:
        raise UndecodableError(str(exc)) from exc
    if not frames:
        raise UndecodableError("the file has no audio")
    return OpusSong(tuple(frames))


def _encoder() -> av.AudioCodecContext:
    encoder = av.AudioCodecContext.create("libopus", "w")
    encoder.sample_rate = SAMPLE_RATE
    encoder.layout = "stereo"
    encoder.format = "s16"
    encoder.bit_rate = BITRATE
    # 20 ms frames (the encoder's own fifo cuts the decoded audio into 960-sample frames)
    encoder.options = {"frame_duration": "20", "application": "audio"}
    return encoder
