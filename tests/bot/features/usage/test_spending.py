"""The server's spending for the dashboard: its own budgets, counted as a reservation counts
them, and with a monthly token budget the month's running total, day by day in its zone."""

from __future__ import annotations

from datetime import date

from bot.features.usage.reservations import Reservations, Reserved
from bot.features.usage.spending import ServerSpending, server_spending
from bot.soundverse import JobState
from bot.store import Database, GenerationRepository, ModerationRepository
from bot.store.records import BudgetKey
from tests.bot.features.usage.test_service import at
from tests.bot.store.asks import GUILD, MOD, ask


async def _spending(database: Database, now: float) -> ServerSpending:
    moderation = ModerationRepository(database)
    async with moderation.reading() as db:
        policy = await moderation.policy(GUILD, connection=db)
        return await server_spending(db, policy, GUILD, now=now)


async def test_the_month_s_running_total_ends_at_what_the_budget_counts(
    sqlite_database: Database,
) -> None:
    database = sqlite_database
    budgets = ModerationRepository(database).budgets
    await budgets.set_budget(GUILD, MOD, BudgetKey("server", "month"), 1000, "month 1000")
    await budgets.set_estimate(GUILD, MOD, 200, "estimate 200")
    await ModerationRepository(database).set_timezone(GUILD, MOD, "Europe/Paris", "Paris")
    reservations = Reservations(database)
    # 23:30 UTC on 1 March is 00:30 on the 2nd in Paris: the second day of the month there
    first = await reservations.reserve(ask(), now=at("2026-03-01 23:30"))
    assert isinstance(first, Reserved)
    await GenerationRepository(database).completed(first.id, JobState(total_tokens=150))
    await reservations.reserve(ask(), now=at("2026-03-03 09:00"))  # holds the median, 150
    spending = await _spending(database, at("2026-03-04 12:00"))
    assert spending.month_budget == 1000
    assert len(spending.month) == 31
    assert spending.month[0] == date(2026, 3, 1)
    assert spending.month_tokens == [0, 150, 300, 300]
    (tokens,) = spending.budgets
    assert (tokens.period, tokens.used, tokens.limit) == ("month", 300, 1000)
    assert spending.estimate == 150


async def test_without_a_monthly_budget_no_running_total(sqlite_database: Database) -> None:
    await ModerationRepository(sqlite_database).set_limits(
        GUILD, MOD, {"guild_weekly": 5}, "weekly 5"
    )
    spending = await _spending(sqlite_database, at("2026-03-04 12:00"))
    assert spending.month == []
    (songs,) = spending.budgets
    assert (songs.unit, songs.period, songs.limit) == ("songs", "week", 5)
