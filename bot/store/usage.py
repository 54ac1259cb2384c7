"""Reading usage back: a member's figures and a server's, for /usage. Each method reads on
its own, or in the caller's transaction or read (``connection``)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.store.database import Database
from bot.store.reservation_steps import ACTIVE, COUNTED
from bot.store.sql import Connection, one, reading


@dataclass(frozen=True, slots=True)
class Tally:
    songs: int
    tokens: int


@dataclass(frozen=True, slots=True)
class MemberUsage:
    today: Tally
    week: Tally
    all_time: Tally
    active: int
    last_at: float | None


@dataclass(frozen=True, slots=True)
class GuildUsage:
    today: Tally
    all_time: Tally
    active: int
    top: list[tuple[int, Tally]]  # (user id, last 30 days)
    per_day: list[tuple[str, int]]  # (YYYY-MM-DD in the server's time zone, songs)


class UsageRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def member(
        self,
        guild_id: int,
        user_id: int,
        *,
        day_start: float,
        week_start: float,
        connection: Connection | None = None,
    ) -> MemberUsage:
        sql = (
            f"SELECT"  # noqa: S608 - constant fragments only
            f" COUNT(*) FILTER (WHERE created_at >= :day),"
            f" COALESCE(SUM(CASE WHEN created_at >= :day THEN total_tokens END), 0),"
            f" COUNT(*) FILTER (WHERE created_at >= :week),"
            f" COALESCE(SUM(CASE WHEN created_at >= :week THEN total_tokens END), 0),"
            f" COUNT(*), COALESCE(SUM(total_tokens), 0),"
            f" COUNT(*) FILTER (WHERE {ACTIVE}), MAX(created_at)"
            f" FROM generations WHERE guild_id = :guild AND user_id = :user AND {COUNTED}"
        )
        params = {"day": day_start, "week": week_start, "guild": guild_id, "user": user_id}
        async with reading(self._db, connection) as db:
            row = one(await db.fetchrow(sql, params))
        return MemberUsage(
            today=Tally(int(row[0]), int(row[1])),
            week=Tally(int(row[2]), int(row[3])),
            all_time=Tally(int(row[4]), int(row[5])),
            active=int(row[6]),
            last_at=row[7],
        )

    async def member_days(
        self,
        guild_id: int,
        user_id: int,
        *,
        since: float,
        utc_offset: float,
        connection: Connection | None = None,
    ) -> list[tuple[str, int]]:
        """The member's songs per day (``YYYY-MM-DD`` in the server's time zone) since then."""
        day = self._db.dialect.day("created_at + :offset")
        async with reading(self._db, connection) as db:
            rows = await db.fetch(
                f"SELECT {day}, COUNT(*) FROM generations"  # noqa: S608 - constant fragments
                f" WHERE guild_id = :guild AND user_id = :user AND created_at >= :since"
                f" AND {COUNTED} GROUP BY 1 ORDER BY 1",
                {"offset": utc_offset, "guild": guild_id, "user": user_id, "since": since},
            )
        return [(str(day), int(count)) for day, count in rows]

    async def guild(
        self,
        guild_id: int,
        *,
        day_start: float,
        utc_offset: float,
        top: int = 5,
        connection: Connection | None = None,
    ) -> GuildUsage:
        month_start = day_start - 29 * 86400
        day = self._db.dialect.day("created_at + :offset")
        async with reading(self._db, connection) as db:
            totals = one(
                await db.fetchrow(
                    f"SELECT COUNT(*) FILTER (WHERE created_at >= :day),"  # noqa: S608
                    f" COALESCE(SUM(CASE WHEN created_at >= :day THEN total_tokens END), 0),"
                    f" COUNT(*), COALESCE(SUM(total_tokens), 0), COUNT(*) FILTER (WHERE {ACTIVE})"
                    f" FROM generations WHERE guild_id = :guild AND {COUNTED}",
                    {"guild": guild_id, "day": day_start},
                )
            )
            top_rows = await db.fetch(
                f"SELECT user_id, COUNT(*), COALESCE(SUM(total_tokens), 0) FROM generations"  # noqa: S608
                f" WHERE guild_id = :guild AND created_at >= :month AND {COUNTED}"
                f" GROUP BY user_id ORDER BY COUNT(*) DESC, user_id LIMIT :top",
                {"guild": guild_id, "month": month_start, "top": top},
            )
            days = await db.fetch(
                f"SELECT {day}, COUNT(*) FROM generations"  # noqa: S608
                f" WHERE guild_id = :guild AND created_at >= :month AND {COUNTED}"
                f" GROUP BY 1 ORDER BY 1",
                {"guild": guild_id, "month": month_start, "offset": utc_offset},
            )
        return GuildUsage(
            today=Tally(int(totals[0]), int(totals[1])),
            all_time=Tally(int(totals[2]), int(totals[3])),
            active=int(totals[4]),
            top=[(int(r[0]), Tally(int(r[1]), int(r[2]))) for r in top_rows],
            per_day=[(str(r[0]), int(r[1])) for r in days],
        )
