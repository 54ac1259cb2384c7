"""Faults the simulator can be asked to show, for a whole server or per request.

Written as ``key=value`` pairs separated by ``;``, values percent-decoded, for example
``drop_after=validated; drop_mode=reset`` or ``error=rate_limit; retry_after=5``. The server's
``--fault`` sets defaults; a request's ``X-Mock-Fault`` header overrides them key by key.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any, Literal, get_args
from urllib.parse import unquote

FAULT_HEADER = "X-Mock-Fault"

# Stages in the order a job passes them; faults name them.
STAGES = (
    "job_created",
    "validated",
    "streaming_v1",
    "streaming_v2",
    "uploading_v1",
    "uploading_v2",
    "completed_v1",
    "completed_v2",
    "completed",
)

ErrorKind = Literal["invalid_key", "rate_limit", "balance", "unavailable", "file_too_large"]
DropMode = Literal["reset", "eof", "stall"]
StatusShape = Literal["versions", "flat", "audio_data"]
Newline = Literal["lf", "crlf", "cr"]


class FaultSpecError(ValueError):
    """A fault string that does not parse."""


@dataclass(frozen=True, slots=True)
class Faults:
    error: ErrorKind | None = None  # answer this documented error instead of starting a job
    error_count: int = 0  # only the first N requests get ``error`` (0: all of them)
    retry_after: int | None = 30  # Retry-After seconds sent with rate_limit
    drop_after: str | None = None  # end the stream right after this stage
    drop_mode: DropMode = "reset"  # how: reset the connection, clean EOF, or go silent
    fail_at: str | None = None  # the job fails at this stage
    fail_detail: str = "Generation failed: the model could not render this song."
    slow: str | None = None  # "stage:seconds", an extra pause (real seconds) before a stage
    keepalive: float | None = None  # send a comment line every N seconds while waiting
    split: int | None = None  # write each event in pieces of N bytes
    newline: Newline = "lf"
    status_error: ErrorKind | None = None  # the status endpoint answers this error ...
    status_error_count: int = 1  # ... this many times per job
    status_shape: StatusShape = "versions"
    song_name: str | None = None  # force the song's name
    song_seconds: float | None = None  # length of the audio files
    audio_size: int | None = None  # pad audio files with silence to this many bytes
    media_url: str | None = None  # name media at this base URL instead (a hostile answer)
    echo_key: int = 0  # 1: error answers echo the request's Authorization header

    @classmethod
    def parse(cls, spec: str | None, base: Faults | None = None) -> Faults:
        base = base or cls()
        if not spec or not spec.strip():
            return base
        known = {f.name: f for f in fields(cls)}
        changes: dict[str, Any] = {}
        for part in spec.split(";"):
            if not part.strip():
                continue
            key, eq, value = part.partition("=")
            key = key.strip().replace("-", "_")
            if not eq or key not in known:
                raise FaultSpecError(f"unknown fault {part.strip()!r}")
            changes[key] = _convert(key, unquote(value.strip()))
        faults = replace(base, **changes)
        faults.check()
        return faults

    def check(self) -> None:
        for name in ("drop_after", "fail_at"):
            stage = getattr(self, name)
            if stage is not None and stage not in STAGES:
                raise FaultSpecError(f"{name} must be one of {', '.join(STAGES)}")
        if self.slow is not None:
            self.slow_stage()

    def slow_stage(self) -> tuple[str, float] | None:
        if not self.slow:
            return None
        stage, _, seconds = self.slow.partition(":")
        if stage not in STAGES:
            raise FaultSpecError(f"slow must be STAGE:SECONDS with a stage from {STAGES}")
        try:
            return stage, float(seconds or 1)
        except ValueError:
            raise FaultSpecError("slow must be STAGE:SECONDS") from None


_CHOICES: dict[str, tuple[str, ...]] = {
    "error": get_args(ErrorKind),
    "status_error": get_args(ErrorKind),
    "drop_mode": get_args(DropMode),
    "status_shape": get_args(StatusShape),
    "newline": get_args(Newline),
}
_INTS = {"error_count", "retry_after", "split", "status_error_count", "audio_size", "echo_key"}
_FLOATS = {"keepalive", "song_seconds"}


def _convert(key: str, value: str) -> Any:
    if key in _CHOICES:
        if value not in _CHOICES[key]:
            raise FaultSpecError(f"{key} must be one of {', '.join(_CHOICES[key])}")
        return value
    try:
        if key in _INTS:
            number: int | float = int(value)
        elif key in _FLOATS:
            number = float(value)
        else:
            return value or None
    except ValueError:
        raise FaultSpecError(f"{key} needs a number, not {value!r}") from None
    if number < 0:
        raise FaultSpecError(f"{key} cannot be negative")
    return number
