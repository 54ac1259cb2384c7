"""Copying one database into another, whatever their backends (SQLite to PostgreSQL, usually):
every row of every table, ids kept, in one transaction on the target, with the counts checked.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.store.database import Database, migrations
from bot.store.sql import Connection

# Each table and its columns, parents before children. The store's tests check this against
# the schema, so a new column can't be left behind.
TABLES: dict[str, tuple[str, ...]] = {
    "generations": (
        "id", "guild_id", "channel_id", "user_id", "job_id", "prompt", "lyrics_source", "status",
        "stage", "billed", "error_class", "song_name", "tokens_v1", "tokens_v2", "total_tokens",
        "audio_url_v1", "audio_url_v2", "duration_v1", "duration_v2", "created_at",
        "updated_at", "finished_at", "message_id", "request", "requester", "delivered_at",
        "parent_id", "origin", "lyrics", "deleted_at", "queued_at", "started_at", "tries",
        "locale", "owner", "lease_until", "shown_at", "cover_url", "hidden_at", "plays",
        "reserved_tokens",
    ),
    "generation_events": ("generation_id", "status", "stage", "at"),
    "generation_messages": ("generation_id", "channel_id", "message_id"),
    "guild_settings": (
        "guild_id", "member_daily", "cooldown_seconds", "member_concurrent", "guild_concurrent",
        "guild_daily", "timezone", "queue_mode", "member_waiting", "guild_waiting",
        "queue_paused", "gallery", "member_weekly", "member_monthly", "guild_weekly",
        "guild_monthly", "week_start", "token_estimate",
    ),
    "role_limits": ("guild_id", "role_id", "daily"),
    "token_budgets": ("guild_id", "scope", "role_id", "period", "tokens"),
    "budget_crossings": ("guild_id", "period", "period_start", "budget", "percent", "at"),
    "allowed_channels": ("guild_id", "channel_id"),
    "blocked_members": ("guild_id", "user_id", "blocked_by", "reason", "created_at"),
    "settings_log": ("id", "guild_id", "user_id", "change", "at"),
    "jam_sessions": (
        "id", "guild_id", "channel_id", "thread_id", "sheet_id", "host_id", "host_name", "title",
        "style", "mode", "state", "revealed", "turn_user_id", "turn_deadline", "created_at",
        "active_at", "ended_at", "end_reason", "locale",
    ),
    "jam_lines": (
        "id", "session_id", "section", "position", "text", "author_id", "author_name", "status",
        "message_id", "created_at",
    ),
    "jam_members": ("session_id", "user_id", "name", "seat", "joined"),
    "jam_votes": ("line_id", "user_id", "approve"),
    "jam_settings": (
        "guild_id", "starter_role_id", "max_open", "lines_per_member", "line_chars",
        "sheet_chars", "lines_per_minute", "idle_hours", "turn_minutes",
    ),
    "challenges": (
        "id", "guild_id", "channel_id", "thread_id", "message_id", "host_id", "host_name",
        "theme", "rules", "entries_per_member", "created_at", "entries_close", "voting_close",
        "state", "shown", "claim_until", "season", "themes", "theme_index", "locale",
    ),
    "challenge_entries": (
        "id", "challenge_id", "user_id", "name", "generation_id", "song_name", "message_id",
        "created_at", "disqualified", "claim_until",
    ),
    "challenge_credits": ("entry_id", "user_id"),
    "challenge_votes": ("challenge_id", "user_id", "entry_id", "at"),
    "challenge_results": (
        "challenge_id", "entry_id", "guild_id", "season", "user_id", "name", "place", "votes",
        "points",
    ),
    "challenge_settings": ("guild_id", "starter_role_id", "min_member_days", "season"),
    "bot_guilds": ("guild_id", "shard_id", "seen_at"),
    "parties": (
        "id", "guild_id", "voice_channel_id", "channel_id", "message_id", "starter_id",
        "starter_name", "line", "position", "state", "ending", "ended_by", "locale",
        "created_at", "ended_at",
    ),
    "modlog_channels": ("guild_id", "channel_id", "settings_seen", "posted_at", "problem"),
    "modlog_notices": ("id", "guild_id", "text", "at"),
}  # fmt: skip
BATCH = 1000  # rows read and written at a time


class CopyError(Exception):
    """The copy can't start, or it would not be whole; ``str()`` is the one line to show."""


@dataclass(frozen=True, slots=True)
class Copied:
    table: str
    source: int  # rows in the source
    target: int  # rows in the target after the copy


async def copy_database(source: Database, target: Database) -> list[Copied]:
    """Copy every row; refuses a source that is not fully migrated and a target that already
    holds songs, settings or sessions. The target's transaction is rolled back unless every
    table's count matches."""
    for database, name in ((source, "the source"), (target, "the target")):
        if await database.version() != len(migrations(database.backend)):
            raise CopyError(f"{name} is not at this songbot's schema: run `songbot db upgrade`.")
    async with target.reading() as db:
        for table in TABLES:
            if await _count(db, table):
                raise CopyError(f"the target already has rows in {table}: copy into an empty one.")
    copied = []
    # one consistent read of the source for the whole copy (stop the bot first all the same)
    async with source.reading() as src, target.transaction() as into:
        for table, columns in TABLES.items():
            await _copy_table(src, source.backend, into, table, columns)
            if "id" in columns and (statement := target.dialect.ids_after(table)) is not None:
                await into.fetch(statement)
            copied.append(Copied(table, await _count(src, table), await _count(into, table)))
        if any(c.source != c.target for c in copied):
            wrong = ", ".join(f"{c.table} {c.source} → {c.target}" for c in copied)
            raise CopyError(f"the counts differ ({wrong}); nothing was copied.")
    return copied


async def _copy_table(
    src: Connection, backend: str, into: Connection, table: str, columns: tuple[str, ...]
) -> None:
    names = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    order = "id" if "id" in columns else "rowid" if backend == "sqlite" else "ctid"
    if table == "generation_events":
        # the target's trigger wrote a history row for each song copied: the source's history
        # replaces it, whole and in its own order
        await into.execute("DELETE FROM generation_events")
    insert = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 - constant names
    offset = 0
    while True:
        rows = await src.fetch(
            f"SELECT {names} FROM {table} ORDER BY {order} LIMIT ? OFFSET ?",  # noqa: S608
            (BATCH, offset),
        )
        if rows:
            await into.execute_many(insert, rows)
        if len(rows) < BATCH:
            return
        offset += BATCH


async def _count(db: Connection, table: str) -> int:
    row = await db.fetchrow(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 - a constant name
    return int(row[0]) if row else 0
