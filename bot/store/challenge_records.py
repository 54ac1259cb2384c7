"""What the challenge repository (:mod:`bot.store.challenges`) reads and returns: plain
records, no decisions."""

from __future__ import annotations

from dataclasses import dataclass

from bot.store.sql import Row


@dataclass(frozen=True, slots=True)
class Challenge:
    id: int
    guild_id: int
    channel_id: int
    thread_id: int | None
    message_id: int | None  # the announcement
    host_id: int
    host_name: str
    theme: str
    rules: str | None
    entries_per_member: int
    created_at: float
    entries_close: float
    voting_close: float
    state: str  # entries, voting, closed, cancelled
    shown: str | None  # the state whose message was posted
    claim_until: float | None
    season: int | None
    themes: str | None  # a recurring challenge's themes, one a line
    theme_index: int
    locale: str | None


@dataclass(frozen=True, slots=True)
class NewChallenge:
    guild_id: int
    channel_id: int
    host_id: int
    host_name: str
    theme: str
    rules: str | None
    entries_per_member: int
    created_at: float
    entries_close: float
    voting_close: float
    locale: str | None
    themes: str | None = None
    theme_index: int = 0
    claim_until: float | None = None  # the process posting its announcement, until then


@dataclass(frozen=True, slots=True)
class Entry:
    id: int
    challenge_id: int
    user_id: int
    name: str
    generation_id: int
    song_name: str | None
    message_id: int | None
    created_at: float
    disqualified: str | None  # the reason
    claim_until: float | None = None  # the process posting it holds it until then


@dataclass(frozen=True, slots=True)
class FinishedSong:
    """A member's finished song that may enter a challenge."""

    generation_id: int
    user_id: int
    name: str  # who asked for it
    song_name: str | None
    channel_id: int
    message_id: int | None
    created_at: float
    origin: str | None
    audio_urls: tuple[str, ...]
    cover_url: str | None = None


@dataclass(frozen=True, slots=True)
class Placed:
    """An entry's place in a closed challenge (a shared place for a tie)."""

    entry_id: int
    user_id: int
    name: str
    place: int
    votes: int
    points: int


@dataclass(frozen=True, slots=True)
class Standing:
    user_id: int
    name: str
    points: int
    wins: int


@dataclass(frozen=True, slots=True)
class ChallengeSettings:
    starter_role_id: int | None = None
    min_member_days: float | None = None
    season: int = 1


def challenge_of(row: Row) -> Challenge:
    return Challenge(*row)  # the columns are selected in the dataclass's order


def entry_of(row: Row) -> Entry:
    return Entry(*row)
