"""Folding events into a job's state."""

from __future__ import annotations

from bot.soundverse import JobState, Reconnecting, Stage
from bot.soundverse.events import parse_event


def fold(*events: dict[str, object]) -> JobState:
    state = JobState()
    for data in events:
        state.apply(parse_event(data))
    return state


def test_stages_advance_and_never_go_back() -> None:
    state = fold(
        {"type": "job_created", "job_id": "j", "status": "processing"},
        {"status": "validated", "song_name": "S", "album_art": "a"},
        {"status": "streaming", "version": 1, "stream_url": "p1"},
        {"status": "streaming", "version": 2, "stream_url": "p2"},
        {"status": "uploading", "version": 1},
        {"status": "streaming", "version": 1},  # late duplicate
    )
    assert state.job_id == "j"
    assert state.stage is Stage.STREAMING  # version 2 is still streaming
    assert state.versions[1].stage is Stage.UPLOADING
    assert state.versions[1].stream_url == "p1"


def test_completion_and_tokens() -> None:
    state = fold(
        {"type": "job_created", "job_id": "j", "status": "processing"},
        {"status": "completed", "version": 1, "audio_url": "a1", "tokens": 40, "totalTokens": 40},
        {"status": "completed", "version": 2, "audio_url": "a2", "tokens": 45, "totalTokens": 85},
        {"status": "completed", "isComplete": True, "song_name": "S", "total_versions": 2},
    )
    assert state.done
    assert state.finished
    assert state.stage is Stage.COMPLETED
    assert state.tokens_used == 85
    assert state.song_name == "S"


def test_tokens_without_total() -> None:
    state = fold({"status": "completed", "version": 1, "tokens": 10},
                 {"status": "completed", "version": 2, "tokens": 12})  # fmt: skip
    assert state.tokens_used == 22
    assert JobState().tokens_used is None


def test_failure() -> None:
    state = fold({"status": "failed", "error": True, "detail": "bad audio"})
    assert state.failed
    assert state.error == "bad audio"


def test_reconnects_are_counted() -> None:
    state = JobState(job_id="j")
    state.apply(Reconnecting(job_id="j", reason="reset"))
    assert state.reconnects == 1


def test_lyrics_come_from_the_first_version_that_has_them() -> None:
    state = fold(
        {"status": "completed", "version": 2, "lyrics_sections": [{"label": "A", "text": "x"}]}
    )
    assert [s.label for s in state.lyrics_sections] == ["A"]
