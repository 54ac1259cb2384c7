"""The dashboard's reads, the same on both backends: songs and tokens per day (in the
server's zone) and per member, open sessions, challenges (running first), waiting songs."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.features.usage.reservations import Reservations, Reserved
from bot.store import Ask, Database
from bot.store.dashboard import DashboardRepository, Spend

GUILD = 1


def at(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()


async def test_spend_per_day_and_per_member(database: Database) -> None:
    reservations = Reservations(database)
    for when, user, name in (("2026-03-01 12:00", 100, "Ana"), ("2026-03-01 23:30", 100, "Ana"),
                             ("2026-03-02 09:00", 200, "Ben")):  # fmt: skip
        ask = Ask(GUILD, 10, user, frozenset(), "rain", "generated", requester=name)
        reserved = await reservations.reserve(ask, now=at(when))
        assert isinstance(reserved, Reserved)
        await database.write(
            "UPDATE generations SET total_tokens = ? WHERE id = ?", (user // 2, reserved.id)
        )
    reads = DashboardRepository(database)
    days = await reads.days(GUILD, since=0, utc_offset=3600.0, connection=None)
    assert days == [Spend("2026-03-01", "2026-03-01", 1, 50),
                    Spend("2026-03-02", "2026-03-02", 2, 150)]  # fmt: skip
    members = await reads.members(GUILD, since=0, top=10, connection=None)
    assert members == [Spend("100", "Ana", 2, 100), Spend("200", "Ben", 1, 100)]  # tokens, songs
    waiting = await reads.waiting(GUILD, connection=None)
    assert [row.requester for row in waiting] == ["Ana", "Ana", "Ben"]  # in the order they came
    assert await reads.waiting(2, connection=None) == []


async def test_sessions_challenges_and_visibility(database: Database) -> None:
    for title, state in (("Harbour", "open"), ("Old", "ended"), ("Locked", "locked")):
        await database.write(
            "INSERT INTO jam_sessions (guild_id, channel_id, host_id, host_name, title, mode,"
            " state, created_at, active_at) VALUES (?, 1, 2, 'Ana', ?, 'open', ?, 0, 0)",
            (GUILD, title, state),
        )
    for theme, state in (("rain", "closed"), ("snow", "voting"), ("sun", "cancelled")):
        await database.write(
            "INSERT INTO challenges (guild_id, channel_id, host_id, host_name, theme,"
            " entries_per_member, created_at, entries_close, voting_close, state)"
            " VALUES (?, 1, 2, 'Ana', ?, 1, 0, 1, 2, ?)",
            (GUILD, theme, state),
        )
    reads = DashboardRepository(database)
    sessions = await reads.sessions(GUILD, connection=None)
    assert sorted(s.title for s in sessions) == ["Harbour", "Locked"]
    challenges = await reads.challenges(GUILD, connection=None)
    assert [c.theme for c in challenges] == ["snow", "sun", "rain"]  # running, then newest
    assert await reads.visibility(GUILD, connection=None) == "off"
    await database.write("INSERT INTO guild_settings (guild_id, gallery) VALUES (?, 'public')",
                         (GUILD,))  # fmt: skip
    assert await reads.visibility(GUILD, connection=None) == "public"
