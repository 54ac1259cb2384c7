"""Recording songs and reserving slots for them. All SQL about ``generations`` is here."""

from __future__ import annotations

import time
from dataclasses import dataclass

import aiosqlite

from bot.soundverse import JobState
from bot.storage.database import Database, fetch_one
from bot.storage.moderation import load_policy
from bot.usage.policy import Counts, Refusal, check, day_bounds

# A generation counts against limits unless it ended before the API billed it.
COUNTED = "(status IN ('reserved', 'running', 'completed') OR (status = 'failed' AND billed = 1))"
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


class GenerationRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def reserve(self, ask: Ask, *, now: float | None = None) -> int | Refusal:
        """Check every limit and take a slot in one transaction: the new row's id, or why not."""
        now = time.time() if now is None else now
        async with self._db.transaction() as db:
            policy, blocked = await load_policy(db, ask.guild_id, ask.user_id)
            day_start, _ = day_bounds(now, policy.timezone)
            counts = await _counts(db, ask, day_start)
            refusal = check(
                policy, counts, now=now, channel_id=ask.channel_id, role_ids=ask.role_ids,
                blocked=blocked,
            )  # fmt: skip
            if refusal is not None:
                return refusal
            cursor = await db.execute(
                "INSERT INTO generations (guild_id, channel_id, user_id, prompt, lyrics_source,"
                " status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'reserved', ?, ?)",
                (ask.guild_id, ask.channel_id, ask.user_id, ask.prompt, ask.lyrics_source,
                 now, now),
            )  # fmt: skip
            generation_id = int(cursor.lastrowid or 0)
            await _event(db, generation_id, "reserved", None, now)
        return generation_id

    async def started(self, generation_id: int, job_id: str) -> None:
        now = time.time()
        async with self._db.transaction() as db:
            await db.execute(
                "UPDATE generations SET job_id = ?, status = 'running', stage = 'accepted',"
                " updated_at = ? WHERE id = ?",
                (job_id, now, generation_id),
            )
            await _event(db, generation_id, "running", "accepted", now)

    async def stage(self, generation_id: int, stage: str) -> None:
        now = time.time()
        async with self._db.transaction() as db:
            await db.execute(
                "UPDATE generations SET stage = ?, updated_at = ? WHERE id = ? AND stage IS NOT ?",
                (stage, now, generation_id, stage),
            )
            await _event(db, generation_id, "running", stage, now)

    async def completed(self, generation_id: int, state: JobState) -> None:
        now = time.time()
        v1, v2 = state.versions.get(1), state.versions.get(2)
        async with self._db.transaction() as db:
            await db.execute(
                "UPDATE generations SET status = 'completed', stage = 'done', billed = 1,"
                " song_name = ?, tokens_v1 = ?, tokens_v2 = ?, total_tokens = ?,"
                " audio_url_v1 = ?, audio_url_v2 = ?, duration_v1 = ?, duration_v2 = ?,"
                " updated_at = ?, finished_at = ? WHERE id = ?",
                (
                    state.song_name, v1 and v1.tokens, v2 and v2.tokens, state.tokens_used,
                    v1 and v1.audio_url, v2 and v2.audio_url, v1 and v1.duration,
                    v2 and v2.duration, now, now, generation_id,
                ),
            )  # fmt: skip
            await _event(db, generation_id, "completed", "done", now)

    async def ended_badly(self, generation_id: int, error_class: str, *, billed: bool) -> None:
        """A failure: it counts if the API billed it, else the reservation is given back."""
        now = time.time()
        status = "failed" if billed else "released"
        async with self._db.transaction() as db:
            await db.execute(
                "UPDATE generations SET status = ?, billed = ?, error_class = ?,"
                " updated_at = ?, finished_at = ? WHERE id = ?",
                (status, int(billed), error_class, now, now, generation_id),
            )
            await _event(db, generation_id, status, None, now)


async def _counts(db: aiosqlite.Connection, ask: Ask, day_start: float) -> Counts:
    row = await fetch_one(
        db,
        f"SELECT"  # noqa: S608 - constant fragments only; values are parameters
        f" COALESCE(SUM(user_id = :user AND created_at >= :day AND {COUNTED}), 0),"
        f" COALESCE(SUM(user_id = :user AND {ACTIVE}), 0),"
        f" COALESCE(SUM(created_at >= :day AND {COUNTED}), 0),"
        f" COALESCE(SUM({ACTIVE}), 0),"
        f" MAX(CASE WHEN user_id = :user AND {COUNTED} THEN created_at END)"
        f" FROM generations WHERE guild_id = :guild AND (created_at >= :day OR {ACTIVE}"
        f" OR user_id = :user)",
        {"user": ask.user_id, "guild": ask.guild_id, "day": day_start},
    )
    return Counts(int(row[0]), int(row[1]), int(row[2]), int(row[3]), row[4])


async def _event(
    db: aiosqlite.Connection, generation_id: int, status: str, stage: str | None, at: float
) -> None:
    await db.execute(
        "INSERT INTO generation_events (generation_id, status, stage, at) VALUES (?, ?, ?, ?)",
        (generation_id, status, stage, at),
    )
