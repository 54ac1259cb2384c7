"""Recording songs. All SQL about ``generations`` is here; the reservation transaction that
uses :func:`counts` and :func:`insert_reserved` is in :mod:`bot.features.usage.reservations`."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from bot.soundverse import JobState, LyricsSection
from bot.soundverse.events import parse_lyrics_sections
from bot.store.database import Database
from bot.store.leases import Owner
from bot.store.records import Counts, Origin, SongStatus
from bot.store.sql import Steps, query

# A generation counts against limits unless it ended before the API billed it.
COUNTED = (
    "(status IN ('queued', 'reserved', 'running', 'completed')"
    " OR (status = 'failed' AND billed = 1))"
)
ACTIVE = "status IN ('reserved', 'running')"


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


_COLUMNS = (
    "id, guild_id, channel_id, user_id, job_id, status, song_name, message_id,"
    " created_at, requester, prompt, lyrics_source, parent_id, origin, deleted_at IS NOT NULL,"
    " (SELECT parent.song_name FROM generations AS parent"
    "  WHERE parent.id = generations.parent_id), locale"
)
_RECORD = f"SELECT {_COLUMNS} FROM generations"  # noqa: S608 - a constant
_WIDTH = len(SongRecord.__slots__)  # one column for each field of a record


class GenerationRepository:
    def __init__(self, database: Database, owner: Owner | None = None) -> None:
        self._db = database
        self._owner = owner.name if owner else None  # whose leases this process holds

    # Each change below is one statement; the history row is written by a trigger.

    async def attach_message(self, generation_id: int, message_id: int | None) -> None:
        await self._db.write(
            "UPDATE generations SET message_id = ? WHERE id = ?", (message_id, generation_id)
        )

    async def shown(self, generation_id: int) -> None:
        """The message shows the finished song (its files); follow-ups may still come."""
        await self._db.write(
            "UPDATE generations SET shown_at = ? WHERE id = ? AND shown_at IS NULL",
            (time.time(), generation_id),
        )

    async def shown_so_far(self, generation_id: int) -> tuple[bool, int]:
        """Whether the finished song was shown, and how many follow-ups were posted: what a
        process picking the song up must not post again."""
        async with self._db.reading() as db:
            row = await db.fetchrow(
                "SELECT shown_at IS NOT NULL, (SELECT COUNT(*) FROM generation_messages"
                " WHERE generation_id = ?) FROM generations WHERE id = ?",
                (generation_id, generation_id),
            )
        return (bool(row[0]), int(row[1])) if row else (False, 0)

    async def delivered(self, generation_id: int) -> None:
        """The message shows the song's end (its result, or why there is none)."""
        await self._db.write(
            "UPDATE generations SET delivered_at = ? WHERE id = ?", (time.time(), generation_id)
        )

    async def unfinished(self) -> list[SongRecord]:
        """Songs to pick up after a restart: in progress, or done but never shown."""
        async with self._db.reading() as db:
            rows = await db.fetch(
                f"{_RECORD} WHERE delivered_at IS NULL"
                " AND status IN ('reserved', 'running', 'completed') ORDER BY id"
            )
        return [_record(row) for row in rows]

    async def waiting(self) -> list[WaitingRecord]:
        """Every song in the queue, oldest place first (the fair order is the queue's)."""
        async with self._db.reading() as db:
            rows = await db.fetch(
                f"SELECT {_COLUMNS}, request, queued_at, tries FROM generations"  # noqa: S608 - constant columns
                " WHERE status = 'queued' ORDER BY queued_at, id"
            )
        return [
            WaitingRecord(
                _record(row[:_WIDTH]), row[_WIDTH], float(row[_WIDTH + 1]), int(row[_WIDTH + 2])
            )
            for row in rows
        ]

    async def claim(self, generation_id: int) -> bool:
        """Take a song out of the queue for the API: its own small transaction in one trip
        (not the group commit, whose batches of progress writes it would wait behind). False
        if it was cancelled meanwhile, or its lease passed to another process, which then
        runs it: a song is submitted by one process only."""
        now = time.time()
        claimed = await self._db.run(
            query(
                "UPDATE generations SET status = 'reserved', started_at = ?, tries = tries + 1,"
                " updated_at = ? WHERE id = ? AND job_id IS NULL"
                " AND status IN ('queued', 'reserved') AND owner IS NOT DISTINCT FROM ?"
                " RETURNING id",
                (now, now, generation_id, self._owner),
            )
        )
        return bool(claimed)

    async def last_served(self) -> list[tuple[int, int, float]]:
        """Per server, the member whose song left the queue last, and when: (server, member,
        time). The queue's round-robin goes on from there after a restart."""
        async with self._db.reading() as db:
            rows = await db.fetch(
                "SELECT guild_id, user_id, started_at FROM (SELECT guild_id, user_id, started_at,"
                " ROW_NUMBER() OVER (PARTITION BY guild_id ORDER BY started_at DESC, id DESC)"
                " AS newest FROM generations WHERE started_at IS NOT NULL) AS served"
                " WHERE newest = 1"
            )
        return [(int(g), int(u), float(at)) for g, u, at in rows]

    async def send_back(self, generation_id: int) -> None:
        """The API would not take it yet: back in the queue, at its old place."""
        await self._db.write(
            "UPDATE generations SET status = 'queued', started_at = NULL, updated_at = ?"
            " WHERE id = ? AND status = 'reserved' AND job_id IS NULL",
            (time.time(), generation_id),
        )

    async def cancel(self, generation_id: int, reason: str) -> bool:
        """Take a waiting song out of the queue and give its slot back; False if it was not
        waiting (it started, ended or was cancelled already)."""
        now = time.time()
        async with self._db.transaction() as db:
            changed = await db.execute(
                "UPDATE generations SET status = 'released', error_class = ?, updated_at = ?,"
                " finished_at = ? WHERE id = ? AND status = 'queued'",
                (reason, now, now, generation_id),
            )
        return changed == 1

    async def recent_durations(self, limit: int = 50) -> list[float]:
        """Seconds from leaving the queue to the end, of the newest finished songs."""
        async with self._db.reading() as db:
            rows = await db.fetch(
                "SELECT finished_at - started_at FROM generations"
                " WHERE status = 'completed' AND started_at IS NOT NULL"
                " ORDER BY finished_at DESC LIMIT ?",
                (limit,),
            )
        return [float(row[0]) for row in rows if row[0] is not None and row[0] >= 0]

    async def history(self, guild_id: int, user_id: int, limit: int = 10) -> list[SongRecord]:
        async with self._db.reading() as db:
            rows = await db.fetch(
                f"{_RECORD} WHERE guild_id = ? AND user_id = ?"
                " ORDER BY created_at DESC, id DESC LIMIT ?",
                (guild_id, user_id, limit),
            )
        return [_record(row) for row in rows]

    async def by_job(self, guild_id: int, job_id: str) -> SongRecord | None:
        async with self._db.reading() as db:
            row = await db.fetchrow(
                f"{_RECORD} WHERE guild_id = ? AND job_id = ?", (guild_id, job_id)
            )
        return _record(row) if row else None

    async def song(self, guild_id: int, generation_id: int) -> SongDetail | None:
        """This server's song with that id, with its request, files, lyrics and parent."""
        async with self._db.reading() as db:
            row = await db.fetchrow(
                f"SELECT {_COLUMNS}, request, audio_url_v1, audio_url_v2, lyrics"  # noqa: S608 - constant columns
                " FROM generations WHERE guild_id = ? AND id = ?",
                (guild_id, generation_id),
            )
            if row is None:
                return None
            record = _record(row[:_WIDTH])
            parent = None
            if record.parent_id is not None:
                parent_row = await db.fetchrow(f"{_RECORD} WHERE id = ?", (record.parent_id,))
                parent = _record(parent_row) if parent_row is not None else None
        request, v1, v2, lyrics = row[_WIDTH:]
        urls = {number: url for number, url in ((1, v1), (2, v2)) if url}
        sections = parse_lyrics_sections(json.loads(lyrics)) if lyrics is not None else None
        return SongDetail(record, request, urls, sections, parent)

    async def add_message(self, generation_id: int, channel_id: int, message_id: int) -> None:
        """One more message that shows the song (a follow-up, a re-post)."""
        await self._db.write(
            "INSERT INTO generation_messages (generation_id, channel_id, message_id)"
            " VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            (generation_id, channel_id, message_id),
        )

    async def messages(self, generation_id: int) -> list[tuple[int, int]]:
        """Every message that shows the song, as (channel id, message id), its first first."""
        async with self._db.reading() as db:
            rows = await db.fetch(
                "SELECT channel_id, message_id FROM generations"
                " WHERE id = ? AND message_id IS NOT NULL"
                " UNION ALL SELECT channel_id, message_id FROM generation_messages"
                " WHERE generation_id = ?",
                (generation_id, generation_id),
            )
        return list(dict.fromkeys((int(c), int(m)) for c, m in rows))

    async def mark_deleted(self, generation_id: int) -> None:
        """Its messages are gone; the row stays, so limits and history are unchanged."""
        await self._db.write(
            "UPDATE generations SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
            (time.time(), generation_id),
        )

    async def started(self, generation_id: int, job_id: str) -> None:
        await self._db.write(
            "UPDATE generations SET job_id = ?, status = 'running', stage = 'accepted',"
            " updated_at = ? WHERE id = ?",
            (job_id, time.time(), generation_id),
        )

    async def stage(self, generation_id: int, stage: str) -> None:
        await self._db.write(
            "UPDATE generations SET stage = ?, updated_at = ? WHERE id = ?"
            " AND stage IS DISTINCT FROM ?",
            (stage, time.time(), generation_id, stage),
        )

    async def completed(self, generation_id: int, state: JobState) -> None:
        now = time.time()
        v1, v2 = state.versions.get(1), state.versions.get(2)
        await self._db.write(
            "UPDATE generations SET status = 'completed', stage = 'done', billed = 1,"
            " song_name = ?, tokens_v1 = ?, tokens_v2 = ?, total_tokens = ?,"
            " audio_url_v1 = ?, audio_url_v2 = ?, duration_v1 = ?, duration_v2 = ?,"
            " lyrics = ?, updated_at = ?, finished_at = ? WHERE id = ?",
            (
                state.song_name, v1 and v1.tokens, v2 and v2.tokens, state.tokens_used,
                v1 and v1.audio_url, v2 and v2.audio_url, v1 and v1.duration,
                v2 and v2.duration, _lyrics_json(state.lyrics_sections), now, now,
                generation_id,
            ),
        )  # fmt: skip

    async def ended_badly(self, generation_id: int, error_class: str, *, billed: bool) -> None:
        """A failure: it counts if the API billed it, else the reservation is given back."""
        now = time.time()
        status = SongStatus.FAILED if billed else SongStatus.RELEASED
        await self._db.write(
            "UPDATE generations SET status = ?, billed = ?, error_class = ?,"
            " updated_at = ?, finished_at = ? WHERE id = ?",
            (status, int(billed), error_class, now, now, generation_id),
        )


def _record(row: Any) -> SongRecord:
    values = list(row)
    values[5] = SongStatus(values[5])
    values[13] = Origin(values[13]) if values[13] else None
    values[14] = bool(values[14])
    return SongRecord(*values)


def _lyrics_json(sections: list[LyricsSection]) -> str:
    return json.dumps(
        [s.model_dump(include={"label", "text", "start", "end"}, exclude_none=True)
         for s in sections]
    )  # fmt: skip


def insert_reserved(
    ask: Ask, now: float, *, queued: bool = True, owner: Owner | None = None
) -> Steps[int]:
    """A new song row, in the queue (or reserved at once where the server refuses beyond its
    caps), its lease held by ``owner``: its id. Steps of the reservation's transaction; the
    queue takes a song out (:meth:`GenerationRepository.claim`) when its turn comes, which is
    at once when nothing is waiting and the caps allow."""
    rows = yield from query(
        "INSERT INTO generations (guild_id, channel_id, user_id, prompt, lyrics_source,"
        " request, requester, parent_id, origin, status, created_at, updated_at, queued_at,"
        " locale, owner, lease_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " RETURNING id",
        (ask.guild_id, ask.channel_id, ask.user_id, ask.prompt, ask.lyrics_source,
         ask.request, ask.requester, ask.parent_id, ask.origin,
         SongStatus.QUEUED if queued else SongStatus.RESERVED, now, now, now, ask.locale,
         owner and owner.name, owner and now + owner.seconds),
    )  # fmt: skip
    return int(rows[0][0])


COUNTS = (
    f"SELECT"  # noqa: S608 - constant fragments only; values are parameters
    f" (SELECT COUNT(*) FROM generations WHERE guild_id = :guild AND user_id = :user"
    f"   AND created_at >= :day AND {COUNTED}),"
    f" (SELECT COUNT(*) FROM generations WHERE guild_id = :guild AND user_id = :user"
    f"   AND {ACTIVE}),"
    f" (SELECT COUNT(*) FROM generations WHERE guild_id = :guild AND created_at >= :day"
    f"   AND {COUNTED}),"
    f" (SELECT COUNT(*) FROM generations WHERE guild_id = :guild AND {ACTIVE}),"
    f" (SELECT created_at FROM generations WHERE guild_id = :guild AND user_id = :user"
    f"   AND {COUNTED} ORDER BY created_at DESC LIMIT 1),"
    f" EXISTS (SELECT 1 FROM blocked_members WHERE guild_id = :guild AND user_id = :user),"
    f" (SELECT COALESCE(MAX(id), 0) FROM settings_log WHERE guild_id = :guild),"
    f" (SELECT COUNT(*) FROM generations WHERE guild_id = :guild AND user_id = :user"
    f"   AND status = 'queued'),"
    f" (SELECT COUNT(*) FROM generations WHERE guild_id = :guild AND status = 'queued')"
)  # the counts of today's songs read the partial indexes of migration 0010 alone


def counts(ask: Ask, day_start: float) -> Steps[tuple[Counts, bool, int]]:
    """Every figure the limits need, whether the member is blocked, and the server's settings
    version (its newest settings_log id): one query whose parts each use an index. Steps of
    the reservation's transaction."""
    rows = yield from query(COUNTS, {"user": ask.user_id, "guild": ask.guild_id, "day": day_start})
    row = rows[0]
    figures = Counts(
        int(row[0]), int(row[1]), int(row[2]), int(row[3]), row[4], int(row[7]), int(row[8])
    )
    return figures, bool(row[5]), int(row[6])
