"""The moderators' log channel: which channel, what it has told, and what it has yet to tell.

Settings changes are told from the settings log itself (the rows after ``settings_seen``), so a
change made anywhere (a command, the web dashboard in another process) reaches the log with no
second write; other notices wait in ``modlog_notices`` until posted. No decisions here: the
modlog feature decides what to tell and when.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from bot.store.database import Database
from bot.store.settings_log import log_change
from bot.store.sql import Connection, Row, guild_lock, reading, writing


@dataclass(frozen=True, slots=True)
class LogChannel:
    guild_id: int
    channel_id: int
    settings_seen: int  # the newest settings_log id told (the log tells the ones after it)
    posted_at: float  # when its latest message went (0: never)
    problem: str | None  # why it stopped; None while it runs


@dataclass(frozen=True, slots=True)
class Entry:
    """One thing to tell: a settings change (``settings_id``) or a notice (``notice_id``)."""

    at: float
    text: str
    by: int | None = None  # who changed a setting (from the dashboard, it ends "(via web)")
    settings_id: int | None = None
    notice_id: int | None = None


_CHANNEL = "SELECT guild_id, channel_id, settings_seen, posted_at, problem FROM modlog_channels"


def _channel(row: Row) -> LogChannel:
    return LogChannel(int(row[0]), int(row[1]), int(row[2]), float(row[3]), row[4])


class ModLogRepository:
    def __init__(self, database: Database, *, front_end: str | None = None) -> None:
        self._db = database
        self._front_end = front_end  # None for Discord, "web" for the dashboard

    async def choose(
        self,
        guild_id: int,
        channel_id: int | None,
        *,
        by: int,
        change: str,
        connection: Connection | None = None,
    ) -> None:
        """The server's log channel (None: no log), logged as a settings change. A chosen
        channel starts with that change: nothing older is told there, and any problem is
        forgotten (the moderator checked the channel); the once-a-minute pace carries on."""
        async with writing(self._db, connection, lock=guild_lock(guild_id)) as db:
            if channel_id is None:
                await db.execute("DELETE FROM modlog_channels WHERE guild_id = ?", (guild_id,))
                await db.execute("DELETE FROM modlog_notices WHERE guild_id = ?", (guild_id,))
            else:
                await db.execute(
                    "INSERT INTO modlog_channels (guild_id, channel_id, settings_seen, posted_at)"
                    " VALUES (?, ?, (SELECT COALESCE(MAX(id), 0) FROM settings_log"
                    " WHERE guild_id = ?), 0) ON CONFLICT (guild_id) DO UPDATE SET"
                    " channel_id = excluded.channel_id, settings_seen = excluded.settings_seen,"
                    " problem = NULL",
                    (guild_id, channel_id, guild_id),
                )
            await log_change(db, guild_id, by, change, self._front_end)

    async def channel(
        self, guild_id: int, *, connection: Connection | None = None
    ) -> LogChannel | None:
        async with reading(self._db, connection) as db:
            row = await db.fetchrow(_CHANNEL + " WHERE guild_id = ?", (guild_id,))
        return None if row is None else _channel(row)

    async def listening(self) -> list[int]:
        """The servers whose log runs (a channel, no problem)."""
        async with self._db.reading() as db:
            rows = await db.fetch("SELECT guild_id FROM modlog_channels WHERE problem IS NULL")
        return [int(r[0]) for r in rows]

    async def note(self, guild_ids: Collection[int], text: str, at: float) -> None:
        """A notice for each of these servers whose log runs (others tell nobody)."""
        if not guild_ids:
            return
        async with self._db.transaction() as db:
            await db.execute_many(
                "INSERT INTO modlog_notices (guild_id, text, at) SELECT guild_id, ?, ?"
                " FROM modlog_channels WHERE guild_id = ? AND problem IS NULL",
                [(text, at, guild_id) for guild_id in guild_ids],
            )

    async def due(self, posted_before: float) -> list[LogChannel]:
        """The running logs with something to tell whose latest message went before then."""
        async with self._db.reading() as db:
            rows = await db.fetch(
                "SELECT guild_id, channel_id, settings_seen, posted_at, problem"
                " FROM modlog_channels c WHERE c.problem IS NULL AND c.posted_at <= ? AND ("
                " EXISTS (SELECT 1 FROM settings_log l"
                " WHERE l.guild_id = c.guild_id AND l.id > c.settings_seen)"
                " OR EXISTS (SELECT 1 FROM modlog_notices n WHERE n.guild_id = c.guild_id))",
                (posted_before,),
            )
        return [_channel(row) for row in rows]

    async def pending(self, log: LogChannel, limit: int) -> list[Entry]:
        """The first ``limit`` things the log has yet to tell, oldest first."""
        async with self._db.reading() as db:
            changes = await db.fetch(
                "SELECT id, user_id, change, at FROM settings_log"
                " WHERE guild_id = ? AND id > ? ORDER BY id LIMIT ?",
                (log.guild_id, log.settings_seen, limit),
            )
            notices = await db.fetch(
                "SELECT id, text, at FROM modlog_notices WHERE guild_id = ? ORDER BY id LIMIT ?",
                (log.guild_id, limit),
            )
        entries = [
            Entry(float(at), change, int(by), settings_id=int(id_))
            for id_, by, change, at in changes
        ] + [Entry(float(at), text, notice_id=int(id_)) for id_, text, at in notices]
        return sorted(entries, key=lambda e: e.at)[:limit]

    async def claim(self, log: LogChannel, now: float) -> bool:
        """This process posts the log's next message (no other one did since it looked)."""
        async with self._db.transaction(lock=guild_lock(log.guild_id)) as db:
            claimed = await db.execute(
                "UPDATE modlog_channels SET posted_at = ?"
                " WHERE guild_id = ? AND posted_at = ? AND problem IS NULL",
                (now, log.guild_id, log.posted_at),
            )
        return bool(claimed)

    async def told(self, guild_id: int, entries: Collection[Entry]) -> None:
        """These were posted: the settings log's cursor moves past them, the notices go."""
        seen = max((e.settings_id for e in entries if e.settings_id is not None), default=None)
        notices = [(e.notice_id,) for e in entries if e.notice_id is not None]
        async with self._db.transaction(lock=guild_lock(guild_id)) as db:
            if seen is not None:
                await db.execute(
                    "UPDATE modlog_channels SET settings_seen = ?"
                    " WHERE guild_id = ? AND settings_seen < ?",
                    (seen, guild_id, seen),
                )
            if notices:
                await db.execute_many("DELETE FROM modlog_notices WHERE id = ?", notices)

    async def stopped(self, guild_id: int, channel_id: int, problem: str) -> None:
        """The log can't post any more (until a moderator chooses a channel again)."""
        async with self._db.transaction(lock=guild_lock(guild_id)) as db:
            await db.execute(
                "UPDATE modlog_channels SET problem = ? WHERE guild_id = ? AND channel_id = ?",
                (problem, guild_id, channel_id),
            )
            await db.execute("DELETE FROM modlog_notices WHERE guild_id = ?", (guild_id,))
