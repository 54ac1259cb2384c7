"""What the moderators' web dashboard reads besides the settings: a server's songs and tokens
per day and per member, its open lyric sessions, its challenges and its waiting songs. Reads
only; every change goes through the repositories the use cases use."""

from __future__ import annotations

from dataclasses import dataclass

from bot.store.database import Database
from bot.store.reservation_steps import COUNTED
from bot.store.sql import Connection, reading

DAY = 86400.0


@dataclass(frozen=True, slots=True)
class Spend:
    """Songs and tokens of a day (``YYYY-MM-DD`` in the server's zone) or of a member."""

    key: str  # the day, or the member's id
    name: str  # the day again, or the member's name as their newest song shows it
    songs: int
    tokens: int


@dataclass(frozen=True, slots=True)
class OpenSession:
    id: int
    title: str
    host_name: str
    mode: str
    state: str  # open or locked
    active_at: float


@dataclass(frozen=True, slots=True)
class ChallengeRow:
    id: int
    theme: str
    state: str  # entries, voting, closed, cancelled
    entries_close: float
    voting_close: float
    entries: int


@dataclass(frozen=True, slots=True)
class WaitingRow:
    id: int
    requester: str
    prompt: str
    queued_at: float | None


class DashboardRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def days(
        self, guild_id: int, *, since: float, utc_offset: float, connection: Connection | None
    ) -> list[Spend]:
        """Songs and tokens per day since ``since`` (days with none are left out)."""
        day = self._db.dialect.day("created_at + :offset")
        async with reading(self._db, connection) as db:
            rows = await db.fetch(
                f"SELECT {day}, COUNT(*), COALESCE(SUM(total_tokens), 0) FROM generations"  # noqa: S608 - constant fragments
                f" WHERE guild_id = :guild AND created_at >= :since AND {COUNTED}"
                f" GROUP BY 1 ORDER BY 1",
                {"guild": guild_id, "since": since, "offset": utc_offset},
            )
        return [Spend(str(r[0]), str(r[0]), int(r[1]), int(r[2])) for r in rows]

    async def members(
        self, guild_id: int, *, since: float, top: int, connection: Connection | None
    ) -> list[Spend]:
        """The members with most tokens since ``since``, then most songs."""
        async with reading(self._db, connection) as db:
            rows = await db.fetch(
                f"SELECT user_id, MAX(requester), COUNT(*), COALESCE(SUM(total_tokens), 0)"  # noqa: S608 - constant fragments
                f" FROM generations WHERE guild_id = :guild AND created_at >= :since"
                f" AND {COUNTED} GROUP BY user_id ORDER BY 4 DESC, 3 DESC, user_id LIMIT :top",
                {"guild": guild_id, "since": since, "top": top},
            )
        return [Spend(str(r[0]), str(r[1] or r[0]), int(r[2]), int(r[3])) for r in rows]

    async def sessions(self, guild_id: int, *, connection: Connection | None) -> list[OpenSession]:
        async with reading(self._db, connection) as db:
            rows = await db.fetch(
                "SELECT id, title, host_name, mode, state, active_at FROM jam_sessions"
                " WHERE guild_id = ? AND state != 'ended' ORDER BY active_at DESC LIMIT 50",
                (guild_id,),
            )
        return [OpenSession(int(r[0]), r[1], r[2], r[3], r[4], float(r[5])) for r in rows]

    async def challenges(
        self, guild_id: int, *, connection: Connection | None
    ) -> list[ChallengeRow]:
        """The running challenges, then the last few ended, newest first."""
        async with reading(self._db, connection) as db:
            rows = await db.fetch(
                "SELECT c.id, c.theme, c.state, c.entries_close, c.voting_close,"
                " (SELECT COUNT(*) FROM challenge_entries e WHERE e.challenge_id = c.id)"
                " FROM challenges c WHERE c.guild_id = ?"
                " ORDER BY c.state IN ('entries', 'voting') DESC, c.id DESC LIMIT 10",
                (guild_id,),
            )
        return [
            ChallengeRow(int(r[0]), r[1], r[2], float(r[3]), float(r[4]), int(r[5])) for r in rows
        ]

    async def waiting(self, guild_id: int, *, connection: Connection | None) -> list[WaitingRow]:
        """The server's songs waiting in the queue, in the order they joined it."""
        async with reading(self._db, connection) as db:
            rows = await db.fetch(
                "SELECT id, COALESCE(requester, ''), COALESCE(prompt, ''), queued_at"
                " FROM generations WHERE guild_id = ? AND status = 'queued'"
                " ORDER BY queued_at, id LIMIT 100",
                (guild_id,),
            )
        return [WaitingRow(int(r[0]), r[1], r[2], r[3]) for r in rows]

    async def visibility(self, guild_id: int, *, connection: Connection | None) -> str:
        async with reading(self._db, connection) as db:
            rows = await db.fetch(
                "SELECT gallery FROM guild_settings WHERE guild_id = ?", (guild_id,)
            )
        return str(rows[0][0]) if rows and rows[0][0] else "off"
