"""What a party plays: the plans a member chooses from (``/listen``'s subcommands, and the
Play in voice button), and the party's line as plain values. No Discord here."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from bot.store.party_songs import PartySong

RADIO_SONGS = 20  # the radio plays the server's newest songs, this many


@dataclass(frozen=True, slots=True)
class OneSong:
    """One song of this server, by its job id, in version 1 or 2."""

    job_id: str
    version: int = 1


@dataclass(frozen=True, slots=True)
class SessionSongs:
    """Every song a lyric session made (``/jam``), in the order they were made."""

    session_id: int


@dataclass(frozen=True, slots=True)
class ChallengeEntries:
    """A challenge's entries (not disqualified), in a shuffled order the party announces."""

    challenge_id: int


@dataclass(frozen=True, slots=True)
class Radio:
    """The server's newest songs, the newest first."""

    songs: int = RADIO_SONGS


Plan = OneSong | SessionSongs | ChallengeEntries | Radio


@dataclass(frozen=True, slots=True)
class Track:
    """One song of a party's line, in the version it plays."""

    song: PartySong
    version: int = 1

    @property
    def audio_url(self) -> str | None:
        return self.song.audio_urls.get(self.version) or next(
            iter(self.song.audio_urls.values()), None
        )


class Ending(enum.StrEnum):
    """How a party ended (stored, so never rename one)."""

    END_OF_LINE = "end"
    STOPPED = "stopped"
    ALONE = "alone"
    DISCONNECTED = "disconnected"  # a moderator disconnected the bot by hand
    MOVED = "moved"  # a moderator moved the bot to another channel
    RESTART = "restart"  # songbot restarted while it played
    NO_VOICE = "no-voice"  # the voice channel could not be joined


@dataclass(eq=False)
class Party:
    """A party playing in this process: where, who started it, its line and where it is."""

    id: int
    guild_id: int
    voice_channel_id: int
    channel_id: int  # where its now-playing message is
    starter_id: int
    starter_name: str
    locale: str | None
    line: list[Track]
    shuffled: bool = False  # its order was shuffled (a challenge's entries): it says so
    position: int = 0  # the index in ``line`` of the song playing
    paused: bool = False
    message_id: int | None = None
    song_started_at: float | None = None
    ending: Ending | None = None
    ended_by: str | None = None
    skipped: list[tuple[Track, str]] = field(default_factory=list)  # and why, the latest last

    @property
    def current(self) -> Track | None:
        return self.line[self.position] if 0 <= self.position < len(self.line) else None

    @property
    def upcoming(self) -> list[Track]:
        return self.line[self.position + 1 :]

    @property
    def ended(self) -> bool:
        return self.ending is not None
