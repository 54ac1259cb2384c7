"""What the store tells about songs: the records the repository reads back, and the ask a
new song starts from. Plain values; the columns a record is read from are named here, beside
the function that reads them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.soundverse import LyricsSection
from bot.store.records import Origin, SongStatus


@dataclass(frozen=True, slots=True)
class Ask:
    """Who wants a song, where."""

    guild_id: int
    channel_id: int
    user_id: int
    role_ids: frozenset[int]
    prompt: str | None
    lyrics_source: str
    request: str | None = None  # the API request as JSON, to show and follow it after a restart
    requester: str | None = None
    parent_id: int | None = None  # the song this one regenerates or remixes
    origin: Origin | None = None
    rules_channel_id: int | None = None  # whose channel rules apply, if not channel_id's
    locale: str | None = None  # the language of its public message


@dataclass(frozen=True, slots=True)
class SongRecord:
    """One song as recorded."""

    id: int
    guild_id: int
    channel_id: int
    user_id: int
    job_id: str | None
    status: SongStatus
    song_name: str | None
    message_id: int | None
    created_at: float
    requester: str | None
    prompt: str | None
    lyrics_source: str
    parent_id: int | None = None
    origin: Origin | None = None
    deleted: bool = False
    parent_name: str | None = None  # the name of the song it regenerates or remixes
    locale: str | None = None  # the language of its public message


@dataclass(frozen=True, slots=True)
class SongDetail:
    """One song with what its buttons need: the request it was made from, its files, its lyrics."""

    record: SongRecord
    request: str | None  # the API request as JSON
    audio_urls: dict[int, str]  # version -> the API's permanent file
    lyrics: list[LyricsSection] | None  # None when not recorded (songs from before 0006)
    parent: SongRecord | None  # the song it regenerates or remixes, if that is known


@dataclass(frozen=True, slots=True)
class WaitingRecord:
    """A song waiting in the queue, with what it needs to start after a restart."""

    record: SongRecord
    request: str | None  # the API request as JSON
    queued_at: float  # its place in line
    tries: int  # how often the API has been asked for it already


RECORD_COLUMNS = (
    "id, guild_id, channel_id, user_id, job_id, status, song_name, message_id,"
    " created_at, requester, prompt, lyrics_source, parent_id, origin, deleted_at IS NOT NULL,"
    " (SELECT parent.song_name FROM generations AS parent"
    "  WHERE parent.id = generations.parent_id), locale"
)
SELECT_RECORD = f"SELECT {RECORD_COLUMNS} FROM generations"  # noqa: S608 - a constant
RECORD_WIDTH = len(SongRecord.__slots__)  # one column for each field of a record


def record_of(row: Any) -> SongRecord:
    """A record from the columns of :data:`RECORD_COLUMNS`."""
    values = list(row)
    values[5] = SongStatus(values[5])
    values[13] = Origin(values[13]) if values[13] else None
    values[14] = bool(values[14])
    return SongRecord(*values)
