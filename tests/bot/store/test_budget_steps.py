"""Budgets on both backends: a song holds its estimate, settles at its real total, gives it
back when released; fifty at once against a budget that fits three make three; and each
threshold of a server's budget is told once per period."""

from __future__ import annotations

import asyncio

from bot.features.usage.budgets import BudgetCrossing
from bot.features.usage.policy import Refusal
from bot.features.usage.reservations import Reservations, Reserved
from bot.soundverse import JobState
from bot.store import Database, GenerationRepository, ModerationRepository
from bot.store.budget_steps import (
    MEMBER_STRETCH,
    SERVER_STRETCH,
    period_figures,
    server_stretches,
)
from bot.store.records import BudgetKey
from bot.store.sql import drive
from tests.bot.store.asks import GUILD, MEMBER, MOD, ask

MONTH = BudgetKey("server", "month")


async def budget(database: Database, tokens: int, *, estimate: int | None = None) -> None:
    budgets = ModerationRepository(database).budgets
    await budgets.set_budget(GUILD, MOD, MONTH, tokens, f"month {tokens}")
    if estimate is not None:
        await budgets.set_estimate(GUILD, MOD, estimate, f"estimate {estimate}")


async def month_tokens(database: Database, user: int = MEMBER) -> tuple[int, int]:
    """The member's and the server's tokens since the epoch."""
    starts = {"day": 0.0, "week": 0.0, "month": 0.0}
    async with database.reading() as db:
        figures = await drive(db, period_figures(GUILD, user, starts))  # type: ignore[arg-type]
    return figures.member["month"].tokens, figures.server["month"].tokens


async def reserved(reservations: Reservations) -> int:
    outcome = await reservations.reserve(ask())
    assert isinstance(outcome, Reserved), outcome
    return outcome.id


async def test_estimate_then_settle_then_refund(database: Database) -> None:
    await budget(database, 10_000, estimate=300)
    reservations, songs = Reservations(database), GenerationRepository(database)
    first = await reserved(reservations)
    assert await month_tokens(database) == (300, 300)  # the moderators' figure, held
    await songs.completed(first, JobState(total_tokens=120))
    assert await month_tokens(database) == (120, 120)  # settled at its real total
    second = await reserved(reservations)  # the median of one song: 120
    assert await month_tokens(database) == (240, 240)
    assert await songs.cancel(second, "cancelled")  # taken out of the queue
    assert await month_tokens(database) == (120, 120)
    third = await reserved(reservations)
    await songs.ended_badly(third, "InvalidKey", billed=False)  # refused by the API
    assert await month_tokens(database) == (120, 120)
    fourth = await reserved(reservations)
    await songs.ended_badly(fourth, "Failed", billed=True)  # billed, its total unknown
    assert await month_tokens(database) == (240, 240)


async def test_the_estimate_is_the_median_of_the_latest_completed_songs(
    database: Database,
) -> None:
    await budget(database, 1_000_000)
    reservations, songs = Reservations(database), GenerationRepository(database)
    for total in (100, 900, 200):
        await songs.completed(await reserved(reservations), JobState(total_tokens=total))
    await reserved(reservations)
    assert await month_tokens(database) == (1400, 1400)  # 100 + 900 + 200, and 200 held


async def test_fifty_at_once_against_a_budget_that_fits_three(database: Database) -> None:
    await budget(database, 1000, estimate=300)
    reservations = Reservations(database)
    results = await asyncio.gather(*(reservations.reserve(ask()) for _ in range(50)))
    assert sum(isinstance(r, Reserved) for r in results) == 3
    assert {r.limit for r in results if isinstance(r, Refusal)} == {"server_tokens_month"}


async def test_each_threshold_is_told_once_per_period(database: Database) -> None:
    await budget(database, 1000, estimate=400)
    told: list[BudgetCrossing] = []

    async def listen(crossing: BudgetCrossing) -> None:
        told.append(crossing)

    reservations = Reservations(database, on_budget_crossed=listen)
    first = await reserved(reservations)  # 400: 40 %
    assert told == []
    await reserved(reservations)  # 800: 80 %
    assert [(c.percent, c.spent, c.limit, c.period) for c in told] == [(80, 800, 1000, "month")]
    refused = await reservations.reserve(ask())  # 1200 would not fit: the budget is full
    assert isinstance(refused, Refusal)
    assert [c.percent for c in told] == [80, 100]
    assert told[1].spent == 800
    await reservations.reserve(ask())
    await GenerationRepository(database).completed(first, JobState(total_tokens=700))
    await reservations.settled(GUILD)
    assert [c.percent for c in told] == [80, 100]  # each once in the month
    assert {c.resets_at for c in told} == {told[0].resets_at}
    assert all(c.guild_id == GUILD and c.scope == "server" for c in told)


async def test_a_settlement_tells_the_threshold_its_real_total_reached(
    database: Database,
) -> None:
    await budget(database, 1000, estimate=100)
    told: list[int] = []

    async def listen(crossing: BudgetCrossing) -> None:
        told.append(crossing.percent)

    reservations = Reservations(database, on_budget_crossed=listen)
    song = await reserved(reservations)
    await GenerationRepository(database).completed(song, JobState(total_tokens=850))
    await reservations.settled(GUILD)
    assert told == [80]


async def test_a_listener_that_fails_loses_only_its_news(database: Database) -> None:
    await budget(database, 100, estimate=100)

    async def broken(_crossing: BudgetCrossing) -> None:
        raise RuntimeError("the log channel is gone")

    assert isinstance(
        (await Reservations(database, on_budget_crossed=broken).reserve(ask())), Reserved
    )


async def test_a_member_s_most_generous_role_and_the_weekly_count(database: Database) -> None:
    moderation = ModerationRepository(database)
    await moderation.budgets.set_budget(GUILD, MOD, BudgetKey("member", "day"), 100, "100")
    await moderation.budgets.set_budget(GUILD, MOD, BudgetKey("role", "day", 7), 250, "role")
    await moderation.budgets.set_estimate(GUILD, MOD, 100, "estimate")
    reservations = Reservations(database)
    assert isinstance(await reservations.reserve(ask()), Reserved)
    refused = await reservations.reserve(ask())
    assert isinstance(refused, Refusal)
    assert refused.limit == "member_tokens_day"
    with_role = [await reservations.reserve(ask(role_ids=frozenset({7}))) for _ in range(2)]
    assert [type(r) for r in with_role] == [Reserved, Refusal]  # 100 + 100 of 250
    await moderation.set_limits(GUILD, MOD, {"member_weekly": 2}, "2 a week")
    assert isinstance(await reservations.reserve(ask(user=MEMBER + 1)), Reserved)
    refused = await reservations.reserve(ask(user=MEMBER + 1))
    assert isinstance(refused, Refusal)
    assert refused.limit == "member_tokens_day"
    await moderation.budgets.clear_budget(GUILD, MOD, BudgetKey("member", "day"), "cleared")
    assert isinstance(await reservations.reserve(ask(user=MEMBER + 1)), Reserved)
    refused = await reservations.reserve(ask(user=MEMBER + 1))
    assert isinstance(refused, Refusal)
    assert refused.limit == "member_weekly"


async def test_the_sums_read_the_counted_songs_indexes(sqlite_database: Database) -> None:
    """The server's sums read its counted songs' index alone, the member's keep to theirs."""
    async with sqlite_database.reading() as db:
        server = await db.fetch(f"EXPLAIN QUERY PLAN {SERVER_STRETCH.format(n=0)}", (1, 0, 9))
        member = await db.fetch(f"EXPLAIN QUERY PLAN {MEMBER_STRETCH.format(n=0)}", (1, 0, 9, 3))
    assert "COVERING INDEX generations_counted_by_guild" in " ".join(row[3] for row in server)
    assert "INDEX generations_counted_by_member" in " ".join(row[3] for row in member)


async def test_a_budget_changed_in_the_period_is_told_of_again(database: Database) -> None:
    await budget(database, 1000, estimate=400)
    told: list[tuple[int, int]] = []

    async def listen(crossing: BudgetCrossing) -> None:
        told.append((crossing.percent, crossing.limit))

    reservations = Reservations(database, on_budget_crossed=listen)
    for _ in range(2):
        await reserved(reservations)  # 800 of 1000
    await budget(database, 2000)  # raised: 40 %
    for _ in range(2):
        await reserved(reservations)  # 1600 of 2000
    assert told == [(80, 1000), (80, 2000)]


async def test_the_server_s_stretches_count_as_its_budgets_count(database: Database) -> None:
    await budget(database, 10_000, estimate=300)
    reservations = Reservations(database)
    placed = [
        await reservations.reserve(ask(), now=1_000_000.0 + day * 86400)
        for day in (0, 0, 2)  # two songs on the first day, one on the third
    ]
    assert isinstance(placed[0], Reserved)
    await GenerationRepository(database).completed(placed[0].id, JobState(total_tokens=120))
    starts = [1_000_000.0 + day * 86400 for day in range(3)]
    async with database.reading() as db:
        spent = await drive(db, server_stretches(GUILD, starts))
    assert [(each.songs, each.tokens) for each in spent] == [(2, 420), (0, 0), (1, 300)]
    assert sum(each.tokens for each in spent) == (await month_tokens(database))[1]
    async with database.reading() as db:
        assert await drive(db, server_stretches(GUILD, [])) == []
