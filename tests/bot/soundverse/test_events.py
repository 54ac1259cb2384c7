"""Events are typed by stage, parsed leniently, and never fail over odd fields."""

from __future__ import annotations

import logging

import pytest

from bot.soundverse.errors import load_json
from bot.soundverse.events import (
    JobCompleted,
    JobCreated,
    JobFailed,
    Streaming,
    UnknownEvent,
    Uploading,
    Validated,
    VersionCompleted,
    parse_event,
    parse_lyrics_sections,
)

DOC_FINAL = {
    "message_id": "m1",
    "status": "completed",
    "isComplete": True,
    "operation": "song_generate",
    "total_versions": 2,
    "album_art": "https://x.test/cover.webp",
    "song_name": "Song Title",
    "content": "Generation complete",
    "chunkIndex": 5,
}


def test_documented_final_event() -> None:
    event = parse_event(DOC_FINAL)
    assert isinstance(event, JobCompleted)
    assert (event.song_name, event.total_versions, event.chunk_index) == ("Song Title", 2, 5)
    assert event.raw == DOC_FINAL


@pytest.mark.parametrize(
    ("data", "cls"),
    [
        ({"type": "job_created", "job_id": "j", "status": "processing"}, JobCreated),
        ({"status": "validated", "song_name": "S"}, Validated),
        ({"status": "streaming", "version": 1, "stream_url": "u"}, Streaming),
        ({"status": "uploading", "version": 2}, Uploading),
        ({"status": "completed", "isComplete": False, "version": 1}, VersionCompleted),
        ({"status": "failed", "error": True, "detail": "no"}, JobFailed),
        ({"error": True, "detail": "no"}, JobFailed),
        ({"status": "mastering", "version": 1}, UnknownEvent),
        ({}, UnknownEvent),
    ],
)
def test_stage_dispatch(data: dict[str, object], cls: type) -> None:
    assert type(parse_event(data)) is cls


def test_version_completed_fields() -> None:
    event = parse_event(
        {
            "status": "completed",
            "isComplete": False,
            "version": 2,
            "audio_url": "https://x.test/2.mp3",
            "duration": "151.5",
            "bpm": 120,
            "tokens": 40,
            "totalTokens": 85,
            "lyrics_sections": [{"label": "Chorus", "text": "la la", "start": 1, "end": 9.5}],
        }
    )
    assert isinstance(event, VersionCompleted)
    assert (event.version, event.duration, event.bpm, event.total_tokens) == (2, 151.5, 120, 85)
    assert event.lyrics_sections[0].label == "Chorus"
    assert event.lyrics_sections[0].end == 9.5


def test_malformed_fields_become_none_not_errors() -> None:
    event = parse_event(
        {"status": "completed", "version": "two", "bpm": "fast", "duration": [], "audio_url": 3}
    )
    assert isinstance(event, VersionCompleted)
    assert (event.version, event.bpm, event.duration, event.audio_url) == (None, None, None, None)


def test_unknown_fields_are_kept_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="bot.soundverse.events")
    event = parse_event({"status": "validated", "song_name": "S", "mood": "happy"})
    assert event.model_extra == {"mood": "happy"}
    assert "unknown fields ['mood']" in caplog.text


def test_unknown_status_is_kept_whole(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="bot.soundverse.events")
    data = {"status": "mastering", "progress": 0.5}
    event = parse_event(data)
    assert isinstance(event, UnknownEvent)
    assert event.raw == data
    assert "unknown stream event status='mastering'" in caplog.text


@pytest.mark.parametrize(
    "value",
    [
        [{"section": "Verse", "lyrics": "a b", "start_time": 0, "end_time": 5}],
        [{"title": "Verse", "lines": ["a", "b"], "startTime": 0, "endTime": 5}],
        {"Verse": "a\nb"},
        ["a\nb"],
    ],
)
def test_lyrics_sections_in_many_shapes(value: object) -> None:
    [section] = parse_lyrics_sections(value)
    assert section.text in {"a b", "a\nb"}


@pytest.mark.parametrize("value", [None, "la la", 5, [None, 3, []], [{"start": "x"}]])
def test_lyrics_sections_nonsense_gives_nothing(value: object) -> None:
    assert parse_lyrics_sections(value) == []


def test_lyrics_sections_nonsense_does_not_fail_the_event() -> None:
    event = parse_event({"status": "completed", "version": 1, "lyrics_sections": "la"})
    assert isinstance(event, VersionCompleted)
    assert event.lyrics_sections == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("job_id", "../../admin?x="),
        ("job_id", "j" * 101),
        ("job_id", "`code` @everyone"),
        ("duration", float("inf")),
        ("duration", -5),
        ("bpm", 10**40),
        ("tokens", -1),
        ("version", 99),
    ],
)
def test_values_no_real_answer_has_are_dropped(field: str, value: object) -> None:
    event = parse_event({"status": "completed", field: value})
    assert getattr(event, field) is None


def test_nan_and_infinity_are_not_json() -> None:
    with pytest.raises(ValueError, match="not JSON"):
        load_json('{"duration": Infinity}')
    with pytest.raises(ValueError, match="not JSON"):
        load_json('{"bpm": NaN}')


@pytest.mark.parametrize("status", [["validated"], {"name": "validated"}, 3, True])
def test_a_status_that_is_not_text_is_an_unknown_event(status: object) -> None:
    event = parse_event({"status": status, "job_id": "j1", "version": 1})
    assert type(event) is UnknownEvent
    assert event.status is None
