"""What the challenge use cases give back, as plain values (who acts and where, in, and a
refusal or what was done, out, are :mod:`bot.core.acting`'s). Any front end (Discord's
buttons, forms and commands today) turns an outcome into its reply, then runs a ``Done``'s
``then``. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.acting import Done, Refusal
from bot.soundverse import SongRequest
from bot.store.challenges import Challenge, Entry, FinishedSong, Placed, Standing


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
