"""The changes of lyric sessions: what :class:`bot.store.jams.JamRepository` writes, each a
plain statement (one per column it sets), under the session's lock unless a use case's
transaction is given."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager

from bot.store.database import Database
from bot.store.jam_records import NewLine, NewSession
from bot.store.settings_log import log_change
from bot.store.sql import Connection, guild_lock, one


def session_lock(session_id: int) -> str:
    """The lock that serialises the checked changes of one lyric session across processes."""
    return f"jam:{session_id}"


class JamChanges:
    def __init__(self, database: Database) -> None:
        self._db = database

    @property
    def database(self) -> Database:
        return self._db

    def locked(self, session_id: int) -> AbstractAsyncContextManager[Connection]:
        """A transaction no other change of this session runs beside (in any process)."""
        return self._db.transaction(lock=session_lock(session_id))

    def opening(self, guild_id: int) -> AbstractAsyncContextManager[Connection]:
        """A transaction for opening a session: the server's count of open ones holds."""
        return self._db.transaction(lock=guild_lock(guild_id))

    @contextlib.asynccontextmanager
    async def _write(
        self, connection: Connection | None, session_id: int
    ) -> AsyncIterator[Connection]:
        if connection is not None:
            yield connection
            return
        async with self.locked(session_id) as db:
            yield db

    # --- sessions ------------------------------------------------------------------------

    async def create_session(self, new: NewSession, *, connection: Connection) -> int:
        """A new session; inside :meth:`opening`, where the server's rules were checked."""
        row = one(
            await connection.fetchrow(
                "INSERT INTO jam_sessions (guild_id, channel_id, host_id, host_name, title, style,"
                " mode, created_at, active_at, locale) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " RETURNING id",
                (
                    new.guild_id,
                    new.channel_id,
                    new.host_id,
                    new.host_name,
                    new.title,
                    new.style,
                    new.mode,
                    new.now,
                    new.now,
                    new.locale,
                ),
            )
        )
        return int(row[0])

    async def attach(self, session_id: int, thread_id: int | None, sheet_id: int) -> None:
        await self._db.write(
            "UPDATE jam_sessions SET thread_id = ?, sheet_id = ? WHERE id = ?",
            (thread_id, sheet_id, session_id),
        )

    async def touch(
        self, session_id: int, now: float, *, connection: Connection | None = None
    ) -> None:
        """A line was written: the session is active."""
        async with self._write(connection, session_id) as db:
            await db.execute(
                "UPDATE jam_sessions SET active_at = ? WHERE id = ?", (now, session_id)
            )

    async def set_state(
        self, session_id: int, state: str, *, connection: Connection | None = None
    ) -> None:
        """``open`` or ``locked`` (a session ends with :meth:`end`)."""
        async with self._write(connection, session_id) as db:
            await db.execute("UPDATE jam_sessions SET state = ? WHERE id = ?", (state, session_id))

    async def end(
        self, session_id: int, at: float, reason: str, *, connection: Connection | None = None
    ) -> None:
        async with self._write(connection, session_id) as db:
            await db.execute(
                "UPDATE jam_sessions SET state = 'ended', ended_at = ?, end_reason = ?,"
                " turn_user_id = NULL, turn_deadline = NULL WHERE id = ?",
                (at, reason, session_id),
            )

    async def log_change(
        self, session_id: int, guild_id: int, by: int, change: str, *, connection: Connection
    ) -> None:
        """A moderator's act on a session, in the server's settings log (their log tells it)."""
        async with self._write(connection, session_id) as db:
            await log_change(db, guild_id, by, change)

    async def reveal(self, session_id: int, *, connection: Connection | None = None) -> None:
        async with self._write(connection, session_id) as db:
            await db.execute("UPDATE jam_sessions SET revealed = 1 WHERE id = ?", (session_id,))

    async def hand_over(
        self,
        session_id: int,
        host_id: int,
        host_name: str,
        *,
        connection: Connection | None = None,
    ) -> None:
        async with self._write(connection, session_id) as db:
            await db.execute(
                "UPDATE jam_sessions SET host_id = ?, host_name = ? WHERE id = ?",
                (host_id, host_name, session_id),
            )

    async def set_style(
        self, session_id: int, style: str | None, *, connection: Connection | None = None
    ) -> None:
        async with self._write(connection, session_id) as db:
            await db.execute("UPDATE jam_sessions SET style = ? WHERE id = ?", (style, session_id))

    async def set_turn(
        self,
        session_id: int,
        user_id: int | None,
        deadline: float | None,
        *,
        connection: Connection | None = None,
    ) -> None:
        """Whose turn it is, and until when (None: nobody's)."""
        async with self._write(connection, session_id) as db:
            await db.execute(
                "UPDATE jam_sessions SET turn_user_id = ?, turn_deadline = ? WHERE id = ?",
                (user_id, deadline, session_id),
            )

    # --- lines, members, votes -----------------------------------------------------------

    async def insert_line(self, new: NewLine, *, connection: Connection | None = None) -> int:
        """A line at the end of its section."""
        async with self._write(connection, new.session_id) as db:
            row = one(
                await db.fetchrow(
                    "INSERT INTO jam_lines (session_id, section, position, text, author_id,"
                    " author_name, status, created_at) VALUES (:session_id, :section,"
                    " (SELECT COALESCE(MAX(position), 0) + 1 FROM jam_lines"
                    "  WHERE session_id = :session_id AND section = :section),"
                    " :text, :author_id, :author_name, :status, :now) RETURNING id",
                    {
                        "session_id": new.session_id,
                        "section": new.section,
                        "text": new.text,
                        "author_id": new.author_id,
                        "author_name": new.author_name,
                        "status": new.status,
                        "now": new.now,
                    },
                )
            )
        return int(row[0])

    async def set_line(
        self,
        session_id: int,
        line_id: int,
        status: str,
        *,
        connection: Connection | None = None,
    ) -> None:
        async with self._write(connection, session_id) as db:
            await db.execute("UPDATE jam_lines SET status = ? WHERE id = ?", (status, line_id))

    async def move_line(
        self,
        session_id: int,
        line_id: int,
        section: str,
        *,
        connection: Connection | None = None,
    ) -> None:
        """To the end of another section."""
        async with self._write(connection, session_id) as db:
            await db.execute(
                "UPDATE jam_lines SET section = :section, position = (SELECT"
                " COALESCE(MAX(position), 0) + 1 FROM jam_lines WHERE session_id = :session_id"
                " AND section = :section) WHERE id = :id",
                {"section": section, "id": line_id, "session_id": session_id},
            )

    async def suggestion_message(self, line_id: int, message_id: int) -> None:
        await self._db.write(
            "UPDATE jam_lines SET message_id = ? WHERE id = ?", (message_id, line_id)
        )

    async def join(
        self, session_id: int, user_id: int, name: str, *, connection: Connection | None = None
    ) -> None:
        async with self._write(connection, session_id) as db:
            await db.execute(
                "INSERT INTO jam_members (session_id, user_id, name, seat) VALUES (?, ?, ?,"
                " (SELECT COALESCE(MAX(seat), 0) + 1 FROM jam_members WHERE session_id = ?))"
                " ON CONFLICT (session_id, user_id) DO UPDATE SET joined = 1,"
                " name = excluded.name",
                (session_id, user_id, name, session_id),
            )

    async def leave(
        self, session_id: int, user_id: int, *, connection: Connection | None = None
    ) -> None:
        async with self._write(connection, session_id) as db:
            await db.execute(
                "UPDATE jam_members SET joined = 0 WHERE session_id = ? AND user_id = ?",
                (session_id, user_id),
            )

    async def vote(
        self,
        session_id: int,
        line_id: int,
        user_id: int,
        approve: bool,
        *,
        connection: Connection | None = None,
    ) -> None:
        async with self._write(connection, session_id) as db:
            await db.execute(
                "INSERT INTO jam_votes (line_id, user_id, approve) VALUES (?, ?, ?)"
                " ON CONFLICT (line_id, user_id) DO UPDATE SET approve = excluded.approve",
                (line_id, user_id, int(approve)),
            )
