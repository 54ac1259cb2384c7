"""Status answers in every known shape, and the events they catch a job up with."""

from __future__ import annotations

from typing import Any

from bot.soundverse import JobCompleted, JobFailed, JobState, Validated, VersionCompleted
from bot.soundverse.status import catch_up_events, parse_snapshot

V1 = {"version": 1, "status": "completed", "audio_url": "a1", "duration": 60.0, "bpm": 90}
V2 = {"version": 2, "status": "streaming", "stream_url": "p2"}


def test_versions_list_running() -> None:
    snap = parse_snapshot({"job_id": "j", "status": "completed", "isComplete": False,
                           "versions": [V1, V2]})  # fmt: skip
    assert not snap.terminal
    assert set(snap.versions) == {1, 2}


def test_versions_list_done_by_audio_for_every_version() -> None:
    v2 = {"version": 2, "audio_url": "a2"}
    snap = parse_snapshot({"job_id": "j", "status": "completed", "versions": [V1, v2]})
    assert snap.completed


def test_audio_data_shape() -> None:
    snap = parse_snapshot(
        {
            "job_id": "j",
            "status": "completed",
            "audio_data": [{"audio_url": "a1", "song_name": "S"}, {"audio_url": "a2"}],
        }
    )
    assert snap.completed
    events = catch_up_events(snap, JobState(job_id="j"))
    assert [type(e) for e in events] == [
        Validated,
        VersionCompleted,
        VersionCompleted,
        JobCompleted,
    ]
    assert events[0].song_name == "S"  # type: ignore[union-attr]


def test_flat_shape() -> None:
    snap = parse_snapshot({"job_id": "j", "status": "completed", "isComplete": True,
                           "version": 2, "audio_url": "a2", "song_name": "S"})  # fmt: skip
    assert snap.completed


def test_failed() -> None:
    snap = parse_snapshot({"job_id": "j", "status": "failed", "error": True, "detail": "nope"})
    assert snap.failed
    assert snap.terminal
    assert isinstance(catch_up_events(snap, JobState(job_id="j"))[-1], JobFailed)


def test_unknown_status_means_still_running() -> None:
    assert not parse_snapshot({"status": "queued_for_mastering"}).terminal
    assert not parse_snapshot({}).terminal


def test_catch_up_yields_only_what_is_new() -> None:
    state = JobState(job_id="j")
    raw: dict[str, Any] = {"job_id": "j", "status": "streaming", "song_name": "S",
                           "versions": [V1, V2]}  # fmt: skip
    first = catch_up_events(parse_snapshot(raw), state)
    for event in first:
        state.apply(event)
    assert [type(e).__name__ for e in first] == ["Validated", "VersionCompleted", "Streaming"]
    assert catch_up_events(parse_snapshot(raw), state) == []
    assert all(event.resumed for event in first)
