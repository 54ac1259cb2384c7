"""Lyric sessions (/jam): sessions, lines, members, votes and each server's session rules.

Reads are methods of :class:`JamRepository`; a change that must be checked and written at
once (a contribution against the rules) uses the module's functions inside one of the
database's transactions, like the song reservation does.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from bot.store.database import Database
from bot.store.sql import Connection, guild_lock, one


@dataclass(frozen=True, slots=True)
class JamSession:
    id: int
    guild_id: int
    channel_id: int
    thread_id: int | None
    sheet_id: int | None
    host_id: int
    host_name: str
    title: str
    style: str | None
    mode: str
    state: str
    revealed: bool
    turn_user_id: int | None
    turn_deadline: float | None
    created_at: float
    active_at: float
    ended_at: float | None
    end_reason: str | None
    locale: str | None = None  # the language of its sheet and thread messages


@dataclass(frozen=True, slots=True)
class JamLine:
    id: int
    session_id: int
    section: str
    position: int
    text: str
    author_id: int
    author_name: str
    status: str
    message_id: int | None
    created_at: float


@dataclass(frozen=True, slots=True)
class JamMember:
    user_id: int
    name: str
    seat: int
    joined: bool


@dataclass(frozen=True, slots=True)
class JamSettings:
    """A server's stored rules; None where it keeps the default."""

    starter_role_id: int | None = None
    max_open: int | None = None
    lines_per_member: int | None = None
    line_chars: int | None = None
    sheet_chars: int | None = None
    lines_per_minute: int | None = None
    idle_hours: float | None = None
    turn_minutes: float | None = None


SETTING_COLUMNS = (
    "starter_role_id", "max_open", "lines_per_member", "line_chars", "sheet_chars",
    "lines_per_minute", "idle_hours", "turn_minutes",
)  # fmt: skip
_SESSION = (
    "SELECT id, guild_id, channel_id, thread_id, sheet_id, host_id, host_name, title, style,"
    " mode, state, revealed, turn_user_id, turn_deadline, created_at, active_at, ended_at,"
    " end_reason, locale FROM jam_sessions"
)
_LINE = (
    "SELECT id, session_id, section, position, text, author_id, author_name, status,"
    " message_id, created_at FROM jam_lines"
)


class JamRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    @property
    def database(self) -> Database:
        return self._db

    async def session(self, session_id: int) -> JamSession | None:
        async with self._db.reading() as db:
            return await session(db, session_id)

    async def live_sessions(self) -> list[JamSession]:
        """Every session not ended, on every server (to bring them up to date at start)."""
        async with self._db.reading() as db:
            rows = await db.fetch(f"{_SESSION} WHERE state != 'ended' ORDER BY id")
        return [_session(row) for row in rows]

    async def lines(self, session_id: int) -> list[JamLine]:
        async with self._db.reading() as db:
            return await lines(db, session_id)

    async def line(self, line_id: int) -> JamLine | None:
        async with self._db.reading() as db:
            row = await db.fetchrow(f"{_LINE} WHERE id = ?", (line_id,))
        return JamLine(*row) if row else None

    async def members(self, session_id: int) -> list[JamMember]:
        async with self._db.reading() as db:
            return await members(db, session_id)

    async def settings(self, guild_id: int) -> JamSettings:
        async with self._db.reading() as db:
            return await settings(db, guild_id)

    async def set_settings(
        self, guild_id: int, values: dict[str, Any], *, by: int = 0, change: str = ""
    ) -> None:
        """Store the given rules (None: back to the default), logged as ``change`` by ``by``;
        column names are checked."""
        unknown = set(values) - set(SETTING_COLUMNS)
        if unknown:
            raise ValueError(f"not a session setting: {sorted(unknown)}")
        async with self._db.transaction(lock=guild_lock(guild_id)) as db:
            await db.execute(
                "INSERT INTO jam_settings (guild_id) VALUES (?) ON CONFLICT DO NOTHING",
                (guild_id,),
            )
            for column, value in values.items():
                await db.execute(
                    f"UPDATE jam_settings SET {column} = ? WHERE guild_id = ?",  # noqa: S608 - checked above
                    (value, guild_id),
                )
            if change:
                await db.execute(
                    "INSERT INTO settings_log (guild_id, user_id, change, at) VALUES (?, ?, ?, ?)",
                    (guild_id, by, change, time.time()),
                )

    async def attach(self, session_id: int, thread_id: int | None, sheet_id: int) -> None:
        await self._db.write(
            "UPDATE jam_sessions SET thread_id = ?, sheet_id = ? WHERE id = ?",
            (thread_id, sheet_id, session_id),
        )

    async def suggestion_message(self, line_id: int, message_id: int) -> None:
        await self._db.write(
            "UPDATE jam_lines SET message_id = ? WHERE id = ?", (message_id, line_id)
        )


# --- inside a transaction ------------------------------------------------------------------


async def session(db: Connection, session_id: int) -> JamSession | None:
    row = await db.fetchrow(f"{_SESSION} WHERE id = ?", (session_id,))
    return _session(row) if row else None


async def lines(db: Connection, session_id: int) -> list[JamLine]:
    rows = await db.fetch(f"{_LINE} WHERE session_id = ? ORDER BY position, id", (session_id,))
    return [JamLine(*row) for row in rows]


async def members(db: Connection, session_id: int) -> list[JamMember]:
    rows = await db.fetch(
        "SELECT user_id, name, seat, joined FROM jam_members WHERE session_id = ? ORDER BY seat",
        (session_id,),
    )
    return [JamMember(int(u), str(n), int(s), bool(j)) for u, n, s, j in rows]


async def settings(db: Connection, guild_id: int) -> JamSettings:
    columns = ", ".join(SETTING_COLUMNS)
    row = await db.fetchrow(
        f"SELECT {columns} FROM jam_settings WHERE guild_id = ?",  # noqa: S608 - constant
        (guild_id,),
    )
    return JamSettings(*row) if row else JamSettings()


async def open_sessions(db: Connection, guild_id: int) -> int:
    row = one(await db.fetchrow(
        "SELECT COUNT(*) FROM jam_sessions WHERE guild_id = ? AND state != 'ended'", (guild_id,)
    ))  # fmt: skip
    return int(row[0])


async def is_blocked(db: Connection, guild_id: int, user_id: int) -> bool:
    row = one(await db.fetchrow(
        "SELECT EXISTS (SELECT 1 FROM blocked_members WHERE guild_id = ? AND user_id = ?)",
        (guild_id, user_id),
    ))  # fmt: skip
    return bool(row[0])


async def author_counts(
    db: Connection, session_id: int, author_id: int, since: float
) -> tuple[int, int]:
    """The author's lines in the session that count (live or waiting), and how many of all
    they added since ``since``: one query, both figures from the author's index."""
    row = one(await db.fetchrow(
        "SELECT COUNT(*) FILTER (WHERE status IN ('live', 'pending')),"
        " COUNT(*) FILTER (WHERE created_at >= ?)"
        " FROM jam_lines WHERE session_id = ? AND author_id = ?",
        (since, session_id, author_id),
    ))  # fmt: skip
    return int(row[0]), int(row[1])


async def create_session(db: Connection, values: dict[str, Any]) -> int:
    row = one(await db.fetchrow(
        "INSERT INTO jam_sessions (guild_id, channel_id, host_id, host_name, title, style, mode,"
        " created_at, active_at, locale) VALUES (:guild_id, :channel_id, :host_id, :host_name,"
        " :title, :style, :mode, :now, :now, :locale) RETURNING id",
        {"locale": None, **values},
    ))  # fmt: skip
    return int(row[0])


async def insert_line(db: Connection, values: dict[str, Any]) -> int:
    """A line at the end of its section."""
    row = one(await db.fetchrow(
        "INSERT INTO jam_lines (session_id, section, position, text, author_id, author_name,"
        " status, created_at) VALUES (:session_id, :section,"
        " (SELECT COALESCE(MAX(position), 0) + 1 FROM jam_lines"
        "  WHERE session_id = :session_id AND section = :section),"
        " :text, :author_id, :author_name, :status, :now) RETURNING id",
        values,
    ))  # fmt: skip
    return int(row[0])


async def set_line(db: Connection, line_id: int, status: str) -> None:
    await db.execute("UPDATE jam_lines SET status = ? WHERE id = ?", (status, line_id))


async def move_line(db: Connection, line_id: int, section: str) -> None:
    await db.execute(
        "UPDATE jam_lines SET section = :section, position = (SELECT COALESCE(MAX(position), 0)"
        " + 1 FROM jam_lines WHERE session_id = (SELECT session_id FROM jam_lines WHERE id = :id)"
        " AND section = :section) WHERE id = :id",
        {"section": section, "id": line_id},
    )


async def update_session(db: Connection, session_id: int, **values: Any) -> None:
    """Set some of a session's columns (names from this module's callers, values bound)."""
    allowed = {"host_id", "host_name", "state", "revealed", "turn_user_id", "turn_deadline",
               "active_at", "ended_at", "end_reason", "style", "title"}  # fmt: skip
    if not values or set(values) - allowed:
        raise ValueError(f"not a session column: {sorted(set(values) - allowed)}")
    assignments = ", ".join(f"{column} = :{column}" for column in values)
    await db.execute(
        f"UPDATE jam_sessions SET {assignments} WHERE id = :id",  # noqa: S608 - checked above
        {**values, "id": session_id},
    )


async def join(db: Connection, session_id: int, user_id: int, name: str) -> None:
    await db.execute(
        "INSERT INTO jam_members (session_id, user_id, name, seat) VALUES (?, ?, ?,"
        " (SELECT COALESCE(MAX(seat), 0) + 1 FROM jam_members WHERE session_id = ?))"
        " ON CONFLICT (session_id, user_id) DO UPDATE SET joined = 1, name = excluded.name",
        (session_id, user_id, name, session_id),
    )


async def leave(db: Connection, session_id: int, user_id: int) -> None:
    await db.execute(
        "UPDATE jam_members SET joined = 0 WHERE session_id = ? AND user_id = ?",
        (session_id, user_id),
    )


async def vote(db: Connection, line_id: int, user_id: int, approve: bool) -> None:
    await db.execute(
        "INSERT INTO jam_votes (line_id, user_id, approve) VALUES (?, ?, ?)"
        " ON CONFLICT (line_id, user_id) DO UPDATE SET approve = excluded.approve",
        (line_id, user_id, int(approve)),
    )


async def votes(db: Connection, line_id: int) -> tuple[int, int]:
    """Votes for and against a suggested line."""
    row = one(await db.fetchrow(
        "SELECT COALESCE(SUM(approve), 0), COALESCE(SUM(1 - approve), 0) FROM jam_votes"
        " WHERE line_id = ?", (line_id,),
    ))  # fmt: skip
    return int(row[0]), int(row[1])


def _session(row: Any) -> JamSession:
    values = list(row)
    values[11] = bool(values[11])
    return JamSession(*values)
