"""Songs as the store gives them back, for the buttons' tests: lyric sections (the model's
aliases hide its defaults from mypy) and a song's detail."""

from __future__ import annotations

from typing import Any

from bot.soundverse import LyricsSection
from bot.store.records import SongStatus
from bot.store.song_records import SongDetail, SongRecord


def section(label: str | None, text: str) -> LyricsSection:
    return LyricsSection.model_validate({"label": label, "text": text})


def detail(**changes: Any) -> SongDetail:
    record = SongRecord(
        id=42,
        guild_id=1,
        channel_id=2,
        user_id=3,
        job_id="j",
        status=SongStatus.COMPLETED,
        song_name=changes.pop("name", "Rain"),
        message_id=5,
        created_at=0.0,
        requester="m",
        prompt=changes.pop("prompt", "rain"),
        lyrics_source="generated",
    )
    values: dict[str, Any] = {
        "record": record,
        "request": None,
        "audio_urls": {1: "https://a/1", 2: "https://a/2"},
        "lyrics": [section("Verse", "la")],
        "parent": None,
    }
    values.update(changes)
    return SongDetail(**values)
