"""Usage read back per day in a server's time zone, the same on both backends."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.features.usage.reservations import Reservations, Reserved
from bot.store import Ask, Database, UsageRepository

GUILD, MEMBER = 1, 100


def at(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()


async def test_songs_are_counted_per_day_in_the_servers_time_zone(database: Database) -> None:
    reservations = Reservations(database)
    for when, user in (
        ("2026-03-01 12:00", MEMBER),
        ("2026-03-01 23:30", MEMBER),
        ("2026-03-02 00:30", 200),
    ):
        ask = Ask(GUILD, 10, user, frozenset(), "rain", "generated")
        assert isinstance(await reservations.reserve(ask, now=at(when)), Reserved)
    usage = UsageRepository(database)
    one_hour_ahead = 3600.0  # 23:30 UTC is already the 2nd there
    days = await usage.member_days(GUILD, MEMBER, since=0, utc_offset=one_hour_ahead)
    assert days == [("2026-03-01", 1), ("2026-03-02", 1)]
    server = await usage.guild(GUILD, day_start=at("2026-03-02 00:00") - 3600, utc_offset=3600)
    assert server.per_day == [("2026-03-01", 1), ("2026-03-02", 2)]
    assert server.today.songs == 2
    assert server.active == 0  # all three wait in the queue: counted, not at the API
    mine = await usage.member(
        GUILD, MEMBER, day_start=at("2026-03-01 00:00"), week_start=at("2026-02-24 00:00")
    )
    assert (mine.today.songs, mine.week.songs, mine.all_time.songs) == (2, 2, 2)
    assert mine.last_at == at("2026-03-01 23:30")
