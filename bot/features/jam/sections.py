"""The parts of a song, in the order a lyric sheet shows them. Pure."""

from __future__ import annotations

import re

from bot.soundverse import LyricsSection

MAX_VERSES = 6
_VERSE = re.compile(r"verse-([1-9])\Z")
_BEFORE = ("intro",)
_AFTER = ("pre-chorus", "chorus", "bridge", "outro")
_LABELS = {
    "intro": "Intro",
    "pre-chorus": "Pre-chorus",
    "chorus": "Chorus",
    "bridge": "Bridge",
    "outro": "Outro",
}


def valid(key: str) -> bool:
    match = _VERSE.match(key)
    return key in _LABELS or (match is not None and int(match[1]) <= MAX_VERSES)


def label(key: str) -> str:
    match = _VERSE.match(key)
    return f"Verse {match[1]}" if match else _LABELS.get(key, key)


def order(key: str) -> tuple[int, int]:
    """Sort key: Intro, Verse 1…n, Pre-chorus, Chorus, Bridge, Outro."""
    match = _VERSE.match(key)
    if match:
        return (1, int(match[1]))
    if key in _BEFORE:
        return (0, 0)
    return (2, _AFTER.index(key) if key in _AFTER else len(_AFTER))


def choices(used: set[str]) -> list[str]:
    """The sections a member may add to: every named one, and the verses up to one past the
    highest in use."""
    verses = [int(m[1]) for key in used if (m := _VERSE.match(key))]
    last = min(MAX_VERSES, max(verses, default=0) + 1)
    return ["intro", *(f"verse-{n}" for n in range(1, last + 1)), *_AFTER]


_FROM_API = {  # the API's labels, lowered, without their numbers
    "intro": "intro",
    "pre-chorus": "pre-chorus",
    "prechorus": "pre-chorus",
    "chorus": "chorus",
    "hook": "chorus",
    "bridge": "bridge",
    "outro": "outro",
}


def from_lyrics(lyrics: list[LyricsSection]) -> list[tuple[str, str]]:
    """A finished song's sections as sheet lines: each under the section its label names
    (an unknown label becomes the next verse)."""
    out: list[tuple[str, str]] = []
    verse = 0
    for part in lyrics:
        label = " ".join((part.label or "").lower().split())
        key = _FROM_API.get(label.replace(" ", "-").rstrip("0123456789-"))
        if key is None:
            verse = min(MAX_VERSES, verse + 1)
            key = f"verse-{verse}"
        out += [
            (key, line.strip()[:300]) for line in (part.text or "").splitlines() if line.strip()
        ]
    return out
