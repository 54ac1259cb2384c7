"""The undocumented ``/v7/status`` answer, read leniently, and turned back into events.

Peers of this API put per-version results in three places, so all are read: flat fields like
a stream event, a ``versions`` list (objects like the per-version completed event), or an
``audio_data`` list (like the synchronous answer). A snapshot is terminal when it is
``failed``, or ``completed`` with ``isComplete`` or audio for every version; anything else,
including a status never seen before, means the job is still running.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.soundverse.events import (
    AnyEvent,
    JobCompleted,
    JobFailed,
    Uploading,
    Validated,
    VersionCompleted,
    parse_event,
)
from bot.soundverse.job import EXPECTED_VERSIONS, JobState, Stage

_VERSION_STAGE = {"streaming": Stage.STREAMING, "uploading": Stage.UPLOADING}


@dataclass(slots=True)
class JobSnapshot:
    """One status answer: the job-level event plus one event per version it describes."""

    raw: dict[str, Any]
    job: AnyEvent
    versions: dict[int, AnyEvent] = field(default_factory=dict)

    @property
    def status(self) -> str | None:
        return self.job.status

    @property
    def total_versions(self) -> int:
        value = self.raw.get("total_versions")
        return value if isinstance(value, int) and value > 0 else EXPECTED_VERSIONS

    @property
    def failed(self) -> bool:
        return isinstance(self.job, JobFailed)

    @property
    def completed(self) -> bool:
        if self.status != "completed":
            return False
        if self.job.is_complete:
            return True
        with_audio = [
            n for n, e in self.versions.items() if isinstance(e, VersionCompleted) and e.audio_url
        ]
        return len(with_audio) >= self.total_versions

    @property
    def terminal(self) -> bool:
        return self.failed or self.completed


def parse_snapshot(raw: dict[str, Any]) -> JobSnapshot:
    """Read a status answer in any of the known shapes; never raises."""
    job = parse_event(raw, resumed=True)
    snapshot = JobSnapshot(raw=raw, job=job)
    if isinstance(raw.get("version"), int):  # flat: the latest version's fields at the top
        snapshot.versions[raw["version"]] = _version_event(raw, raw)
    for index, item in enumerate(_dicts(raw.get("versions"))):
        number = _version_number(item, index)
        snapshot.versions[number] = _version_event(raw, {**item, "version": number})
    for index, item in enumerate(_dicts(raw.get("audio_data"))):
        number = _version_number(item, index)
        data = {**item, "status": "completed", "version": number}
        snapshot.versions.setdefault(number, parse_event(data, resumed=True))
    return snapshot


def catch_up_events(snapshot: JobSnapshot, state: JobState) -> list[AnyEvent]:
    """The events that bring ``state`` up to what ``snapshot`` shows, in stream order.

    Only what is new is returned, so polling repeatedly yields each stage once.
    """
    events: list[AnyEvent] = []
    raw = snapshot.raw
    song_name = _text(raw.get("song_name")) or _first_song_name(raw)
    album_art = _text(raw.get("album_art"))
    base = {"job_id": state.job_id, "message_id": snapshot.job.message_id}
    if state.stage < Stage.VALIDATED and (song_name or album_art or snapshot.versions):
        events.append(
            _rebuilt(
                Validated,
                {
                    **base,
                    "status": "validated",
                    "song_name": song_name,
                    "album_art": album_art,
                    "operation": raw.get("operation"),
                },
            )
        )
    for number in sorted(snapshot.versions):
        event = snapshot.versions[number]
        known = state.versions[number].stage if number in state.versions else Stage.SUBMITTED
        if _version_stage(event) > known:
            events.append(event)
    if snapshot.failed:
        events.append(snapshot.job)
    elif snapshot.completed:
        events.append(
            _rebuilt(
                JobCompleted,
                {
                    **base,
                    "status": "completed",
                    "isComplete": True,
                    "operation": raw.get("operation") or state.operation,
                    "total_versions": snapshot.total_versions,
                    "song_name": song_name or state.song_name,
                    "album_art": album_art or state.album_art,
                    "content": raw.get("content") or "Generation complete",
                },
            )
        )
    return events


def _version_stage(event: AnyEvent) -> Stage:
    if isinstance(event, VersionCompleted):
        return Stage.COMPLETED if event.audio_url else Stage.UPLOADING
    if isinstance(event, Uploading):
        return Stage.UPLOADING
    return _VERSION_STAGE.get(event.status or "", Stage.SUBMITTED)


def _rebuilt(cls: type[AnyEvent], data: dict[str, Any]) -> AnyEvent:
    data = {key: value for key, value in data.items() if value is not None}
    return cls.model_validate({**data, "resumed": True, "raw": {**data, "resumed": True}})


def _version_event(raw: dict[str, Any], item: dict[str, Any]) -> AnyEvent:
    """One version's event; its status is the job's unless it says its own."""
    data = {"status": raw.get("status"), **item}
    data.pop("isComplete", None)
    data.pop("total_versions", None)
    if data.get("audio_url") and data.get("status") != "failed":
        data["status"] = "completed"
    return parse_event(data, resumed=True)


def _version_number(item: dict[str, Any], index: int) -> int:
    value = item.get("version")
    return value if isinstance(value, int) else index + 1


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _first_song_name(raw: dict[str, Any]) -> str | None:
    for item in _dicts(raw.get("audio_data")) + _dicts(raw.get("versions")):
        if name := _text(item.get("song_name")):
            return name
    return None
