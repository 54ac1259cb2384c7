"""What the challenge use cases take and give back, as plain values: who acts and where,
in; a :class:`Refusal` or what was done, out. Any front end (Discord's buttons, forms and
commands today) turns an outcome into its reply, then runs its ``then``. Pure."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.soundverse import SongRequest
from bot.store.challenges import Challenge, Entry, FinishedSong, Placed, Standing

Then = Callable[[], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts: a member as any front end knows them, with when they joined the server
    (Discord sends it with every interaction)."""

    user_id: int
    name: str  # as others see them here (unescaped)
    role_ids: frozenset[int] = frozenset()
    moderator: bool = False
    bot: bool = False
    joined_at: float | None = None  # unix seconds


@dataclass(frozen=True, slots=True)
class Place:
    """Where: the server, the channel (or a challenge's thread), and the server's language."""

    guild_id: int
    channel_id: int
    locale: str | None = None


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why not, for the member alone."""

    text: str


@dataclass(frozen=True, slots=True)
class Done:
    """What was done, in a sentence for the member alone; then what others see."""

    text: str
    then: Then | None = None


@dataclass(frozen=True, slots=True)
class Started:
    """A challenge was written; its announcement is the answer, its thread starts on it."""

    challenge: Challenge


@dataclass(frozen=True, slots=True)
class SongsOffered:
    """Enter: the member's finished songs that may enter, to pick one."""

    challenge: Challenge
    songs: tuple[FinishedSong, ...]


@dataclass(frozen=True, slots=True)
class EntryFormAsked:
    """Make an entry: the song form, its prompt pre-filled with the theme."""

    challenge_id: int
    theme: str


@dataclass(frozen=True, slots=True)
class SongAsked:
    """Make an entry: a song through the normal song path, posted in the thread."""

    request: SongRequest
    lyrics_source: str
    thread_id: int | None


@dataclass(frozen=True, slots=True)
class Overview:
    """``/challenge show``: the challenge, its entries, the member's own vote, and (once
    closed) its places."""

    challenge: Challenge
    entries: tuple[Entry, ...]
    my_vote: int | None
    placed: tuple[Placed, ...]


@dataclass(frozen=True, slots=True)
class Leaderboard:
    season: int
    standings: tuple[Standing, ...]


Reply = Refusal | Done | SongsOffered | EntryFormAsked | Overview | Leaderboard
Outcome = Reply | Started | SongAsked
