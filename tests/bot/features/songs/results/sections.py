"""Lyric sections for tests (the model's aliases hide its defaults from mypy)."""

from __future__ import annotations

from bot.soundverse import LyricsSection


def section(label: str | None, text: str) -> LyricsSection:
    return LyricsSection.model_validate({"label": label, "text": text})
