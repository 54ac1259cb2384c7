"""The PostgreSQL backend on a real server: migrations, plain-line failures, and several
processes (each its own pool, as each process has) sharing one database."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from bot.core.settings import ConfigError
from bot.features.usage.policy import Refusal
from bot.features.usage.reservations import Reservations, Reserved
from bot.store import Ask, Database, ModerationRepository, open_database
from bot.store.database import DatabaseTooNewError, migrations
from bot.store.records import BudgetKey
from tests.standin.postgres import PostgresCluster

GUILD, MEMBER, MOD = 1, 100, 900
ASK = Ask(GUILD, 10, MEMBER, frozenset(), "rain", "generated")


@pytest.fixture
async def processes(postgres_url: str) -> AsyncIterator[list[Database]]:
    """Three processes' worth of pools on one database."""
    pools = [await open_database(postgres_url) for _ in range(3)]
    yield pools
    for pool in pools:
        await pool.close()


async def test_processes_starting_together_migrate_once(empty_postgres_url: str) -> None:
    opened = await asyncio.gather(*(open_database(empty_postgres_url) for _ in range(3)))
    try:
        assert {await db.version() for db in opened} == {len(migrations("postgresql"))}
    finally:
        for db in opened:
            await db.close()
    again = await open_database(empty_postgres_url)  # reopening changes nothing
    assert await again.version() == len(migrations("postgresql"))
    await again.close()


async def test_a_database_from_a_newer_songbot_is_refused(postgres_url: str) -> None:
    db = await open_database(postgres_url)
    async with db.transaction() as conn:
        await conn.execute("UPDATE songbot_schema SET version = 99")
    await db.close()
    with pytest.raises(DatabaseTooNewError, match="version 99, newer than this songbot"):
        await open_database(postgres_url)


async def test_an_unreachable_server_is_one_line_without_the_password() -> None:
    with pytest.raises(ConfigError) as caught:
        await open_database("postgresql://bot:hunter2@127.0.0.1:1/songbot")
    assert "cannot reach PostgreSQL at postgresql://bot@127.0.0.1:1/songbot" in str(caught.value)
    assert "hunter2" not in str(caught.value)
    assert "\n" not in str(caught.value)


async def test_a_missing_database_says_how_to_make_it(postgres_cluster: PostgresCluster) -> None:
    with pytest.raises(ConfigError, match=r"has no database 'nowhere'.*createdb"):
        await open_database(postgres_cluster.url("nowhere"))


async def test_fifty_at_once_over_three_processes_with_a_limit_of_three(
    processes: list[Database],
) -> None:
    await ModerationRepository(processes[0]).set_limits(GUILD, MOD, {"member_daily": 3}, "3")
    each = [Reservations(db) for db in processes]
    results = await asyncio.gather(*(each[n % 3].reserve(ASK) for n in range(50)))
    assert sum(isinstance(r, Reserved) for r in results) == 3
    assert {r.limit for r in results if isinstance(r, Refusal)} == {"member_daily"}


async def test_fifty_at_once_over_three_processes_against_a_budget_that_fits_three(
    processes: list[Database],
) -> None:
    budgets = ModerationRepository(processes[0]).budgets
    await budgets.set_budget(GUILD, MOD, BudgetKey("server", "week"), 1000, "1000 a week")
    await budgets.set_estimate(GUILD, MOD, 300, "300")
    each = [Reservations(db) for db in processes]
    results = await asyncio.gather(*(each[n % 3].reserve(ASK) for n in range(50)))
    assert sum(isinstance(r, Reserved) for r in results) == 3
    assert {r.limit for r in results if isinstance(r, Refusal)} == {"server_tokens_week"}


async def test_a_block_on_one_process_holds_at_once_on_the_others(
    processes: list[Database],
) -> None:
    first, other = Reservations(processes[1]), Reservations(processes[2])
    assert isinstance(await first.reserve(ASK), Reserved)  # both have the policy cached now
    assert isinstance(await other.reserve(ASK), Reserved)
    await ModerationRepository(processes[0]).block(GUILD, MOD, MEMBER, "spam", "blocked")
    for reservations in (first, other):
        refusal = await reservations.reserve(ASK)
        assert isinstance(refusal, Refusal)
        assert refusal.limit == "blocked"
    await ModerationRepository(processes[0]).set_limits(GUILD, MOD, {"member_daily": 2}, "2")
    await ModerationRepository(processes[0]).unblock(GUILD, MOD, MEMBER, "unblocked")
    refusal = await other.reserve(ASK)  # a new limit, read at once: two made already
    assert isinstance(refusal, Refusal)
    assert refusal.limit == "member_daily"


async def test_it_says_it_is_shared_by_processes(postgres_url: str) -> None:
    database = await open_database(postgres_url)
    try:
        assert database.shared_by_processes is True
    finally:
        await database.close()
