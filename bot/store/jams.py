"""Lyric sessions (/jam): sessions, lines, members, votes and each server's session rules.

One repository, its changes in :mod:`bot.store.jam_changes`. Each method takes an optional
``connection``: given one (from :meth:`JamRepository.locked` or
:meth:`JamRepository.opening`), it runs inside that transaction, so a use case checks and
writes in one; without one, it reads on its own or writes in a transaction of its own under
the session's lock. The repository owns its locks.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator
from typing import Any

from bot.store.blocks import is_blocked
from bot.store.jam_changes import JamChanges, session_lock
from bot.store.jam_records import (
    JamLine,
    JamMember,
    JamSession,
    JamSettings,
    NewLine,
    NewSession,
    session_of,
)
from bot.store.sql import Connection, guild_lock, one

__all__ = [
    "SETTING_COLUMNS",
    "JamLine",
    "JamMember",
    "JamRepository",
    "JamSession",
    "JamSettings",
    "NewLine",
    "NewSession",
    "session_lock",
]

_SESSION = (
    "SELECT id, guild_id, channel_id, thread_id, sheet_id, host_id, host_name, title, style,"
    " mode, state, revealed, turn_user_id, turn_deadline, created_at, active_at, ended_at,"
    " end_reason, locale FROM jam_sessions"
)
_LINE = (
    "SELECT id, session_id, section, position, text, author_id, author_name, status,"
    " message_id, created_at FROM jam_lines"
)
_SETTINGS = (
    "SELECT starter_role_id, max_open, lines_per_member, line_chars, sheet_chars,"
    " lines_per_minute, idle_hours, turn_minutes FROM jam_settings WHERE guild_id = ?"
)
# One statement per rule: no SQL is ever put together from a column's name.
_SET_SETTING: dict[str, str] = {
    "starter_role_id": "UPDATE jam_settings SET starter_role_id = ? WHERE guild_id = ?",
    "max_open": "UPDATE jam_settings SET max_open = ? WHERE guild_id = ?",
    "lines_per_member": "UPDATE jam_settings SET lines_per_member = ? WHERE guild_id = ?",
    "line_chars": "UPDATE jam_settings SET line_chars = ? WHERE guild_id = ?",
    "sheet_chars": "UPDATE jam_settings SET sheet_chars = ? WHERE guild_id = ?",
    "lines_per_minute": "UPDATE jam_settings SET lines_per_minute = ? WHERE guild_id = ?",
    "idle_hours": "UPDATE jam_settings SET idle_hours = ? WHERE guild_id = ?",
    "turn_minutes": "UPDATE jam_settings SET turn_minutes = ? WHERE guild_id = ?",
}
SETTING_COLUMNS: tuple[str, ...] = tuple(_SET_SETTING)


class JamRepository(JamChanges):
    """The sessions' reads and each server's rules; the changes are :class:`JamChanges`'."""

    @contextlib.asynccontextmanager
    async def _read(self, connection: Connection | None) -> AsyncIterator[Connection]:
        if connection is not None:
            yield connection
            return
        async with self._db.reading() as db:
            yield db

    # --- reads ---------------------------------------------------------------------------

    async def session(
        self, session_id: int, *, connection: Connection | None = None
    ) -> JamSession | None:
        async with self._read(connection) as db:
            row = await db.fetchrow(_SESSION + " WHERE id = ?", (session_id,))
        return session_of(row) if row else None

    async def live_sessions(self) -> list[JamSession]:
        """Every session not ended, on every server (to bring them up to date at start)."""
        async with self._db.reading() as db:
            rows = await db.fetch(_SESSION + " WHERE state != 'ended' ORDER BY id")
        return [session_of(row) for row in rows]

    async def lines(
        self, session_id: int, *, connection: Connection | None = None
    ) -> list[JamLine]:
        async with self._read(connection) as db:
            rows = await db.fetch(
                _LINE + " WHERE session_id = ? ORDER BY position, id", (session_id,)
            )
        return [JamLine(*row) for row in rows]

    async def line(self, line_id: int, *, connection: Connection | None = None) -> JamLine | None:
        async with self._read(connection) as db:
            row = await db.fetchrow(_LINE + " WHERE id = ?", (line_id,))
        return JamLine(*row) if row else None

    async def members(
        self, session_id: int, *, connection: Connection | None = None
    ) -> list[JamMember]:
        async with self._read(connection) as db:
            rows = await db.fetch(
                "SELECT user_id, name, seat, joined FROM jam_members WHERE session_id = ?"
                " ORDER BY seat",
                (session_id,),
            )
        return [JamMember(int(u), str(n), int(s), bool(j)) for u, n, s, j in rows]

    async def settings(self, guild_id: int, *, connection: Connection | None = None) -> JamSettings:
        async with self._read(connection) as db:
            row = await db.fetchrow(_SETTINGS, (guild_id,))
        return JamSettings(*row) if row else JamSettings()

    async def open_sessions(self, guild_id: int, *, connection: Connection | None = None) -> int:
        async with self._read(connection) as db:
            row = one(
                await db.fetchrow(
                    "SELECT COUNT(*) FROM jam_sessions WHERE guild_id = ? AND state != 'ended'",
                    (guild_id,),
                )
            )
        return int(row[0])

    async def is_blocked(
        self, guild_id: int, user_id: int, *, connection: Connection | None = None
    ) -> bool:
        return await is_blocked(self._db, guild_id, user_id, connection=connection)

    async def author_counts(
        self,
        session_id: int,
        author_id: int,
        since: float,
        *,
        connection: Connection | None = None,
    ) -> tuple[int, int]:
        """The author's lines in the session that count (live or waiting), and how many of
        all they added since ``since``: one query, both figures from the author's index."""
        async with self._read(connection) as db:
            row = one(
                await db.fetchrow(
                    "SELECT COUNT(*) FILTER (WHERE status IN ('live', 'pending')),"
                    " COUNT(*) FILTER (WHERE created_at >= ?)"
                    " FROM jam_lines WHERE session_id = ? AND author_id = ?",
                    (since, session_id, author_id),
                )
            )
        return int(row[0]), int(row[1])

    async def votes(self, line_id: int, *, connection: Connection | None = None) -> tuple[int, int]:
        """Votes for and against a suggested line."""
        async with self._read(connection) as db:
            row = one(
                await db.fetchrow(
                    "SELECT COALESCE(SUM(approve), 0), COALESCE(SUM(1 - approve), 0) FROM jam_votes"
                    " WHERE line_id = ?",
                    (line_id,),
                )
            )
        return int(row[0]), int(row[1])

    # --- a server's rules ----------------------------------------------------------------

    async def set_settings(
        self, guild_id: int, values: dict[str, Any], *, by: int = 0, change: str = ""
    ) -> None:
        """Store the given rules (None: back to the default), logged as ``change`` by ``by``."""
        unknown = set(values) - set(SETTING_COLUMNS)
        if unknown:
            raise ValueError(f"not a session setting: {sorted(unknown)}")
        async with self._db.transaction(lock=guild_lock(guild_id)) as db:
            await db.execute(
                "INSERT INTO jam_settings (guild_id) VALUES (?) ON CONFLICT DO NOTHING",
                (guild_id,),
            )
            for column, value in values.items():
                await db.execute(_SET_SETTING[column], (value, guild_id))
            if change:
                await db.execute(
                    "INSERT INTO settings_log (guild_id, user_id, change, at) VALUES (?, ?, ?, ?)",
                    (guild_id, by, change, time.time()),
                )
