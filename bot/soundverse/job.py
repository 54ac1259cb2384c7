"""What is known about one job, folded from its events. Pure: no I/O, no Discord."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

from bot.soundverse.events import (
    ClientEvent,
    ClientNotice,
    JobCompleted,
    JobFailed,
    LyricsSection,
    Reconnecting,
    Streaming,
    Uploading,
    Validated,
    VersionCompleted,
)

EXPECTED_VERSIONS = 2


class Stage(IntEnum):
    """How far a job, or one of its versions, has come. Ordered."""

    SUBMITTED = 0
    ACCEPTED = 1
    VALIDATED = 2
    STREAMING = 3
    UPLOADING = 4
    COMPLETED = 5


@dataclass(slots=True)
class VersionState:
    number: int
    stage: Stage = Stage.SUBMITTED
    task_id: str | None = None
    stream_url: str | None = None
    audio_url: str | None = None
    audio_id: str | None = None
    duration: float | None = None
    bpm: int | None = None
    tokens: int | None = None
    lyrics_sections: list[LyricsSection] = field(default_factory=list)


@dataclass(slots=True)
class JobState:
    """Everything the events of one job have told so far."""

    job_id: str | None = None
    message_id: str | None = None
    stage: Stage = Stage.SUBMITTED
    song_name: str | None = None
    album_art: str | None = None
    operation: str | None = None
    total_versions: int = EXPECTED_VERSIONS
    versions: dict[int, VersionState] = field(default_factory=dict)
    total_tokens: int | None = None
    done: bool = False
    failed: bool = False
    error: str | None = None
    reconnects: int = 0
    last_message: str | None = None

    def version(self, number: int) -> VersionState:
        if number not in self.versions:
            self.versions[number] = VersionState(number)
        return self.versions[number]

    @property
    def finished(self) -> bool:
        return self.done or self.failed

    @property
    def tokens_used(self) -> int | None:
        """Tokens the API reported: its running total, else the sum over versions."""
        per_version = [v.tokens for v in self.versions.values() if v.tokens is not None]
        if self.total_tokens is not None:
            return max(self.total_tokens, sum(per_version))
        return sum(per_version) if per_version else None

    @property
    def lyrics_sections(self) -> list[LyricsSection]:
        """The lyrics of the first version that has any (versions share their lyrics)."""
        for number in sorted(self.versions):
            if self.versions[number].lyrics_sections:
                return self.versions[number].lyrics_sections
        return []

    def apply(self, event: ClientEvent) -> None:
        """Fold one event into the state."""
        if isinstance(event, ClientNotice):
            if isinstance(event, Reconnecting):
                self.reconnects += 1
                self.job_id = self.job_id or event.job_id
            return  # Retrying and Quiet tell nothing about the job
        self.job_id = event.job_id or self.job_id
        self.message_id = event.message_id or self.message_id
        self.last_message = event.content or self.last_message
        self.stage = max(self.stage, Stage.ACCEPTED)
        if isinstance(event, Streaming | Uploading | VersionCompleted):
            self._apply_version(event)
        elif isinstance(event, Validated | JobCompleted):
            self.song_name = event.song_name or self.song_name
            self.album_art = event.album_art or self.album_art
            self.operation = event.operation or self.operation
            self.stage = max(self.stage, Stage.VALIDATED)
            if isinstance(event, JobCompleted):
                self.total_versions = event.total_versions or self.total_versions
                self.done = True
        elif isinstance(event, JobFailed):
            self.failed = True
            self.error = event.detail or event.content or "The job failed."

    def _apply_version(self, event: Streaming | Uploading | VersionCompleted) -> None:
        version = self.version(event.version or 1)
        if isinstance(event, Streaming):
            version.task_id = event.task_id or version.task_id
            version.stream_url = event.stream_url or version.stream_url
            _advance_version(version, Stage.STREAMING)
        elif isinstance(event, Uploading):
            _advance_version(version, Stage.UPLOADING)
        else:
            version.audio_url = event.audio_url or version.audio_url
            version.audio_id = event.audio_id or version.audio_id
            version.duration = event.duration if event.duration is not None else version.duration
            version.bpm = event.bpm if event.bpm is not None else version.bpm
            version.tokens = event.tokens if event.tokens is not None else version.tokens
            version.lyrics_sections = event.lyrics_sections or version.lyrics_sections
            if event.total_tokens is not None:
                self.total_tokens = max(self.total_tokens or 0, event.total_tokens)
            _advance_version(version, Stage.COMPLETED)
        # the job is as far as its slowest version, and at least validated
        slowest = min([v.stage for v in self.versions.values()])
        if slowest > self.stage:
            self.stage = slowest
        elif self.stage < Stage.VALIDATED:
            self.stage = Stage.VALIDATED


def _advance_version(version: VersionState, stage: Stage) -> None:
    version.stage = max(version.stage, stage)
