"""Moderator settings: limits, role overrides, channels, blocks, and the log of changes."""

from __future__ import annotations

import time
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Literal

from bot.store.budgets import BudgetRepository
from bot.store.database import Database
from bot.store.modlog import ModLogRepository
from bot.store.policy import load_policy
from bot.store.records import Policy, QueueMode
from bot.store.settings_log import log_change, settings_row
from bot.store.sql import Connection, drive, guild_lock, reading, writing

LimitColumn = Literal[
    "member_daily",
    "cooldown_seconds",
    "member_concurrent",
    "guild_concurrent",
    "guild_daily",
    "member_waiting",
    "guild_waiting",
    "member_weekly",
    "member_monthly",
    "guild_weekly",
    "guild_monthly",
]
# One plain statement per column: no column name is ever put into SQL text.
_SET_LIMIT: dict[str, str] = {
    "member_daily": "UPDATE guild_settings SET member_daily = ? WHERE guild_id = ?",
    "cooldown_seconds": "UPDATE guild_settings SET cooldown_seconds = ? WHERE guild_id = ?",
    "member_concurrent": "UPDATE guild_settings SET member_concurrent = ? WHERE guild_id = ?",
    "guild_concurrent": "UPDATE guild_settings SET guild_concurrent = ? WHERE guild_id = ?",
    "guild_daily": "UPDATE guild_settings SET guild_daily = ? WHERE guild_id = ?",
    "member_waiting": "UPDATE guild_settings SET member_waiting = ? WHERE guild_id = ?",
    "guild_waiting": "UPDATE guild_settings SET guild_waiting = ? WHERE guild_id = ?",
    "member_weekly": "UPDATE guild_settings SET member_weekly = ? WHERE guild_id = ?",
    "member_monthly": "UPDATE guild_settings SET member_monthly = ? WHERE guild_id = ?",
    "guild_weekly": "UPDATE guild_settings SET guild_weekly = ? WHERE guild_id = ?",
    "guild_monthly": "UPDATE guild_settings SET guild_monthly = ? WHERE guild_id = ?",
}

LIMIT_COLUMNS: tuple[str, ...] = tuple(_SET_LIMIT)


@dataclass(frozen=True, slots=True)
class Block:
    user_id: int
    blocked_by: int
    reason: str | None


@dataclass(frozen=True, slots=True)
class LogEntry:
    user_id: int
    change: str
    at: float


class ModerationRepository:
    """Every write logs who changed what, on which server, and through which front end
    (``via``: None for Discord, "web" for the dashboard). Each method runs in a transaction of
    its own, or in the caller's (``connection``, opened with :meth:`changing`)."""

    def __init__(self, database: Database, *, front_end: str | None = None) -> None:
        self._db = database
        self._front_end = front_end

    def changing(self, guild_id: int) -> AbstractAsyncContextManager[Connection]:
        """One transaction for several changes to a server's settings, holding its lock."""
        return self._db.transaction(lock=guild_lock(guild_id))

    def reading(self) -> AbstractAsyncContextManager[Connection]:
        """One consistent read, for several reads (of this repository or another)."""
        return self._db.reading()

    def _writing(
        self, guild_id: int, connection: Connection | None
    ) -> AbstractAsyncContextManager[Connection]:
        return writing(self._db, connection, lock=guild_lock(guild_id))

    @property
    def log_channels(self) -> ModLogRepository:
        """The moderators' log channel: chosen as a setting, logged the same way."""
        return ModLogRepository(self._db, front_end=self._front_end)

    @property
    def budgets(self) -> BudgetRepository:
        """The token budgets, the week's first day and the estimate: written the same way."""
        return BudgetRepository(self._db, front_end=self._front_end)

    async def _changed(self, db: Connection, guild_id: int, by: int, change: str) -> None:
        await log_change(db, guild_id, by, change, self._front_end)

    async def _settings_row(self, db: Connection, guild_id: int) -> None:
        await settings_row(db, guild_id)

    async def note(self, guild_id: int, by: int, change: str) -> None:
        """A moderator's act that is no setting (a song cancelled in the queue), logged."""
        async with self._writing(guild_id, None) as db:
            await self._changed(db, guild_id, by, change)

    async def policy(self, guild_id: int, *, connection: Connection | None = None) -> Policy:
        async with reading(self._db, connection) as db:
            return await drive(db, load_policy(guild_id))

    async def set_limits(
        self,
        guild_id: int,
        by: int,
        changes: dict[str, int | None],
        describe: str,
        *,
        connection: Connection | None = None,
    ) -> None:
        """Set some of the limits (None removes one), and log who did it."""
        unknown = set(changes) - set(LIMIT_COLUMNS)
        if unknown:
            raise ValueError(f"unknown limits {sorted(unknown)}")
        async with self._writing(guild_id, connection) as db:
            await self._settings_row(db, guild_id)
            for column, value in changes.items():
                await db.execute(_SET_LIMIT[column], (value, guild_id))
            await self._changed(db, guild_id, by, describe)

    async def set_timezone(
        self,
        guild_id: int,
        by: int,
        timezone: str,
        describe: str,
        *,
        connection: Connection | None = None,
    ) -> None:
        async with self._writing(guild_id, connection) as db:
            await db.execute(
                "INSERT INTO guild_settings (guild_id, timezone) VALUES (?, ?)"
                " ON CONFLICT (guild_id) DO UPDATE SET timezone = excluded.timezone",
                (guild_id, timezone),
            )
            await self._changed(db, guild_id, by, describe)

    async def set_gallery(self, guild_id: int, by: int, visibility: str) -> None:
        """Who may see the server's web gallery ('off', 'members', 'public')."""
        async with self._db.transaction(lock=guild_lock(guild_id)) as db:
            await db.execute(
                "INSERT INTO guild_settings (guild_id, gallery) VALUES (?, ?)"
                " ON CONFLICT (guild_id) DO UPDATE SET gallery = excluded.gallery",
                (guild_id, visibility),
            )
            await self._changed(db, guild_id, by, f"gallery set to {visibility}")

    async def set_queue(
        self,
        guild_id: int,
        by: int,
        *,
        mode: QueueMode | None = None,
        paused: bool | None = None,
        describe: str,
        connection: Connection | None = None,
    ) -> None:
        """Queue or refuse beyond the caps, and a moderator's pause; None leaves one as is."""
        async with self._writing(guild_id, connection) as db:
            await self._settings_row(db, guild_id)
            await db.execute(
                "UPDATE guild_settings SET queue_mode = COALESCE(?, queue_mode),"
                " queue_paused = COALESCE(?, queue_paused) WHERE guild_id = ?",
                (mode, None if paused is None else int(paused), guild_id),
            )
            await self._changed(db, guild_id, by, describe)

    async def set_role_limit(
        self,
        guild_id: int,
        by: int,
        role_id: int,
        daily: int | None,
        describe: str,
        *,
        connection: Connection | None = None,
    ) -> None:
        async with self._writing(guild_id, connection) as db:
            await db.execute(
                "INSERT INTO role_limits (guild_id, role_id, daily) VALUES (?, ?, ?)"
                " ON CONFLICT (guild_id, role_id) DO UPDATE SET daily = excluded.daily",
                (guild_id, role_id, daily),
            )
            await self._changed(db, guild_id, by, describe)

    async def clear_role_limit(
        self,
        guild_id: int,
        by: int,
        role_id: int,
        describe: str,
        *,
        connection: Connection | None = None,
    ) -> bool:
        """Whether the role had a limit of its own (only then is the change logged)."""
        async with self._writing(guild_id, connection) as db:
            removed = await db.execute(
                "DELETE FROM role_limits WHERE guild_id = ? AND role_id = ?", (guild_id, role_id)
            )
            if removed:
                await self._changed(db, guild_id, by, describe)
        return bool(removed)

    async def set_channel(
        self,
        guild_id: int,
        by: int,
        channel_id: int,
        *,
        allowed: bool,
        describe: str,
        connection: Connection | None = None,
    ) -> None:
        async with self._writing(guild_id, connection) as db:
            if allowed:
                await db.execute(
                    "INSERT INTO allowed_channels (guild_id, channel_id) VALUES (?, ?)"
                    " ON CONFLICT DO NOTHING",
                    (guild_id, channel_id),
                )
            else:
                await db.execute(
                    "DELETE FROM allowed_channels WHERE guild_id = ? AND channel_id = ?",
                    (guild_id, channel_id),
                )
            await self._changed(db, guild_id, by, describe)

    async def block(
        self,
        guild_id: int,
        by: int,
        user_id: int,
        reason: str | None,
        describe: str,
        *,
        connection: Connection | None = None,
    ) -> None:
        async with self._writing(guild_id, connection) as db:
            await db.execute(
                "INSERT INTO blocked_members (guild_id, user_id, blocked_by, reason, created_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id, user_id) DO UPDATE SET"
                " blocked_by = excluded.blocked_by, reason = excluded.reason",
                (guild_id, user_id, by, reason, time.time()),
            )
            await self._changed(db, guild_id, by, describe)

    async def unblock(
        self,
        guild_id: int,
        by: int,
        user_id: int,
        describe: str,
        *,
        connection: Connection | None = None,
    ) -> bool:
        """Whether the member was blocked (only then is the change logged)."""
        async with self._writing(guild_id, connection) as db:
            removed = await db.execute(
                "DELETE FROM blocked_members WHERE guild_id = ? AND user_id = ?",
                (guild_id, user_id),
            )
            if removed:
                await self._changed(db, guild_id, by, describe)
        return bool(removed)

    async def blocks(self, guild_id: int, *, connection: Connection | None = None) -> list[Block]:
        async with reading(self._db, connection) as db:
            rows = await db.fetch(
                "SELECT user_id, blocked_by, reason FROM blocked_members WHERE guild_id = ?"
                " ORDER BY created_at",
                (guild_id,),
            )
        return [Block(int(r[0]), int(r[1]), r[2]) for r in rows]

    async def recent_changes(
        self, guild_id: int, limit: int = 5, *, connection: Connection | None = None
    ) -> list[LogEntry]:
        async with reading(self._db, connection) as db:
            rows = await db.fetch(
                "SELECT user_id, change, at FROM settings_log WHERE guild_id = ?"
                " ORDER BY at DESC, id DESC LIMIT ?",
                (guild_id, limit),
            )
        return [LogEntry(int(r[0]), r[1], r[2]) for r in rows]
