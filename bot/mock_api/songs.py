"""Believable song details for a simulated job: name, tempo, tokens and timed lyrics."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Any

_ADJECTIVES = (
    "Neon", "Velvet", "Midnight", "Golden", "Electric", "Quiet", "Wild", "Paper", "Crimson",
    "Déjà", "Silver", "Broken", "Endless", "Summer", "Café",
)  # fmt: skip
_NOUNS = (
    "Skyline", "Heartbeat", "Echoes", "Highway", "Daydream", "Horizon", "Lanterns", "Rain",
    "Vu", "Satellites", "Harbor", "Fireflies", "Static", "Nights",
)  # fmt: skip
_FILLER = (
    "we keep on running", "under the city lights", "nothing left to lose", "hold on tonight",
    "the stars are calling", "and the world slows down", "every step I take", "into the blue",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class SongPlan:
    """What the simulator will report for one job."""

    seed: int
    song_name: str
    bpm: tuple[int, int]  # per version
    tokens: tuple[int, int]
    lyrics_sections: list[dict[str, Any]]


def plan_song(
    seed: int, prompt: str | None, lyrics: str | None, seconds: float, name: str | None = None
) -> SongPlan:
    rng = random.Random(seed)
    song_name = name or f"{rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)}"
    bpm = rng.randrange(72, 160)
    words = len((prompt or "").split()) + len((lyrics or "").split())
    base_tokens = 40 + min(words, 200)
    return SongPlan(
        seed=seed,
        song_name=song_name,
        bpm=(bpm, max(60, bpm + rng.choice((-8, -4, 4, 8)))),
        tokens=(base_tokens + rng.randrange(10), base_tokens + rng.randrange(10)),
        lyrics_sections=timed_sections(lyrics or invent_lyrics(rng, prompt), seconds),
    )


def invent_lyrics(rng: random.Random, prompt: str | None) -> str:
    """Four short sections that borrow words from the prompt."""
    topic = [w for w in re.findall(r"[^\W\d_]{3,}", prompt or "") if len(w) < 16][:6]
    parts = []
    for label in ("Verse 1", "Chorus", "Verse 2", "Chorus"):
        lines = []
        for _ in range(2):
            word = rng.choice(topic) if topic else "tonight"
            lines.append(f"{rng.choice(_FILLER).capitalize()}, {word.lower()}")
        parts.append(f"[{label}]\n" + "\n".join(lines))
    return "\n\n".join(parts)


def timed_sections(lyrics: str, seconds: float) -> list[dict[str, Any]]:
    """Split lyrics at blank lines into labelled sections spread over the song's length."""
    blocks = [block.strip() for block in re.split(r"\n\s*\n", lyrics) if block.strip()]
    if not blocks:
        return []
    span = seconds / len(blocks)
    sections = []
    verse = 0
    for index, block in enumerate(blocks):
        first, _, rest = block.partition("\n")
        header = re.fullmatch(r"\[(.{1,40})\]", first.strip())
        if header:
            label, text = header.group(1), rest.strip()
        else:
            verse += 1
            label, text = f"Verse {verse}", block
        sections.append(
            {
                "label": label,
                "text": text,
                "start": round(index * span, 2),
                "end": round((index + 1) * span, 2),
            }
        )
    return sections
