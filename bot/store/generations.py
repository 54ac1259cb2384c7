"""Recording songs: the repository of ``generations``, each query beside the method that runs
it. The reservation's steps are in :mod:`bot.store.reservation_steps`, the records it reads
back in :mod:`bot.store.song_records`."""

from __future__ import annotations

import json
import time

from bot.soundverse import JobState, LyricsSection
from bot.soundverse.events import parse_lyrics_sections
from bot.store.database import Database
from bot.store.leases import Owner
from bot.store.records import SongStatus
from bot.store.song_records import (
    RECORD_COLUMNS,
    RECORD_WIDTH,
    SELECT_RECORD,
    SongDetail,
    SongRecord,
    WaitingRecord,
    record_of,
)
from bot.store.sql import query


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
                f"{SELECT_RECORD} WHERE delivered_at IS NULL"
                " AND status IN ('reserved', 'running', 'completed') ORDER BY id"
            )
        return [record_of(row) for row in rows]

    async def waiting(self) -> list[WaitingRecord]:
        """Every song in the queue, oldest place first (the fair order is the queue's)."""
        async with self._db.reading() as db:
            rows = await db.fetch(
                f"SELECT {RECORD_COLUMNS}, request, queued_at, tries FROM generations"  # noqa: S608 - constant columns
                " WHERE status = 'queued' ORDER BY queued_at, id"
            )
        return [
            WaitingRecord(
                record_of(row[:RECORD_WIDTH]),
                row[RECORD_WIDTH],
                float(row[RECORD_WIDTH + 1]),
                int(row[RECORD_WIDTH + 2]),
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
        """On each server with songs waiting, when each member's song last left the queue:
        (server, member, time). The queue's turns go on from there after a restart."""
        async with self._db.reading() as db:
            rows = await db.fetch(
                "SELECT guild_id, user_id, MAX(started_at) FROM generations"
                " WHERE started_at IS NOT NULL AND guild_id IN"
                " (SELECT guild_id FROM generations WHERE status = 'queued')"
                " GROUP BY guild_id, user_id"
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
                f"{SELECT_RECORD} WHERE guild_id = ? AND user_id = ?"
                " ORDER BY created_at DESC, id DESC LIMIT ?",
                (guild_id, user_id, limit),
            )
        return [record_of(row) for row in rows]

    async def by_job(self, guild_id: int, job_id: str) -> SongRecord | None:
        async with self._db.reading() as db:
            row = await db.fetchrow(
                f"{SELECT_RECORD} WHERE guild_id = ? AND job_id = ?", (guild_id, job_id)
            )
        return record_of(row) if row else None

    async def song(self, guild_id: int, generation_id: int) -> SongDetail | None:
        """This server's song with that id, with its request, files, lyrics and parent."""
        async with self._db.reading() as db:
            row = await db.fetchrow(
                f"SELECT {RECORD_COLUMNS}, request, audio_url_v1, audio_url_v2, lyrics"  # noqa: S608 - constant columns
                " FROM generations WHERE guild_id = ? AND id = ?",
                (guild_id, generation_id),
            )
            if row is None:
                return None
            record = record_of(row[:RECORD_WIDTH])
            parent = None
            if record.parent_id is not None:
                parent_row = await db.fetchrow(f"{SELECT_RECORD} WHERE id = ?", (record.parent_id,))
                parent = record_of(parent_row) if parent_row is not None else None
        request, v1, v2, lyrics = row[RECORD_WIDTH:]
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
            " lyrics = ?, cover_url = ?, updated_at = ?, finished_at = ? WHERE id = ?",
            (
                state.song_name,
                v1 and v1.tokens,
                v2 and v2.tokens,
                state.tokens_used,
                v1 and v1.audio_url,
                v2 and v2.audio_url,
                v1 and v1.duration,
                v2 and v2.duration,
                _lyrics_json(state.lyrics_sections),
                state.album_art,
                now,
                now,
                generation_id,
            ),
        )

    async def ended_badly(self, generation_id: int, error_class: str, *, billed: bool) -> None:
        """A failure: it counts if the API billed it, else the reservation is given back."""
        now = time.time()
        status = SongStatus.FAILED if billed else SongStatus.RELEASED
        await self._db.write(
            "UPDATE generations SET status = ?, billed = ?, error_class = ?,"
            " updated_at = ?, finished_at = ? WHERE id = ?",
            (status, int(billed), error_class, now, now, generation_id),
        )


def _lyrics_json(sections: list[LyricsSection]) -> str:
    return json.dumps(
        [
            s.model_dump(include={"label", "text", "start", "end"}, exclude_none=True)
            for s in sections
        ]
    )
