"""Opening, configuring and migrating the SQLite file, including upgrades of older files."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

import aiosqlite
import pytest

from bot.store import Database, migrate, open_database
from bot.store.database import migrations
from bot.store.sqlite import COMMIT_INTERVAL, SqliteDatabase


async def test_a_new_database_is_created_and_fully_migrated(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "songbot.db"
    db = await open_database(path)
    try:
        assert path.exists()
        assert await db.version() == len(migrations())
        async with db.reading() as conn:
            assert await conn.fetchrow("PRAGMA journal_mode") == ("wal",)
            assert await conn.fetchrow("PRAGMA foreign_keys") == (1,)
            assert await conn.fetchrow("PRAGMA temp_store") == (2,)  # memory
    finally:
        await db.close()


def test_migrations_are_numbered_in_order() -> None:
    assert [version for version, _, _ in migrations()] == list(range(1, len(migrations()) + 1))


@pytest.mark.parametrize("start", range(1, len(migrations())))
async def test_upgrade_in_place_from_each_earlier_version(tmp_path: Path, start: int) -> None:
    path = tmp_path / "songbot.db"
    connection = await aiosqlite.connect(path, isolation_level=None)
    old = SqliteDatabase(connection)
    await migrate(old, target=start)
    assert await old.version() == start
    async with old.transaction() as conn:
        await conn.execute(
            "INSERT INTO generations (guild_id, channel_id, user_id, status, created_at,"
            " updated_at) VALUES (1, 2, 3, 'completed', 10, 10)"
        )
    await old.close()

    upgraded = await open_database(path)
    try:
        assert await upgraded.version() == len(migrations())
        async with upgraded.reading() as conn:
            assert await conn.fetch("SELECT user_id, status FROM generations") == [(3, "completed")]
    finally:
        await upgraded.close()


async def test_reopening_changes_nothing(tmp_path: Path) -> None:
    for _ in range(2):
        db = await open_database(tmp_path / "songbot.db")
        assert await db.version() == len(migrations())
        await db.close()


async def test_a_failed_transaction_leaves_nothing(sqlite_database: Database) -> None:
    database = sqlite_database

    async def write_then_fail() -> None:
        async with database.transaction() as conn:
            await conn.execute(
                "INSERT INTO settings_log (guild_id, user_id, change, at) VALUES (1, 1, 'x', 1)"
            )
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        await write_then_fail()
    async with database.reading() as conn:
        assert await conn.fetchrow("SELECT COUNT(*) FROM settings_log") == (0,)


LOG = "INSERT INTO settings_log (guild_id, user_id, change, at) VALUES (?, ?, ?, ?)"


async def logged(database: Database) -> list[str]:
    async with database.reading() as conn:
        rows = await conn.fetch("SELECT change FROM settings_log ORDER BY id")
    return [row[0] for row in rows]


class Trips:
    """Counts the trips to the database's thread: every call of aiosqlite's goes through its
    ``_execute``."""

    def __init__(self, database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
        assert isinstance(database, SqliteDatabase)
        self.count = 0
        original: Any = database._connection._execute

        def counted(*args: object) -> Any:
            self.count += 1
            return original(*args)

        monkeypatch.setattr(database._connection, "_execute", counted)


async def test_writes_at_the_same_time_share_trips_to_the_database(
    sqlite_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = sqlite_database
    trips = Trips(database, monkeypatch)
    changes = [f"change {n}" for n in range(200)]
    await asyncio.gather(*(database.write(LOG, (1, 1, change, 1.0)) for change in changes))
    assert await logged(database) == changes  # every one, in order
    assert trips.count <= 4  # a batch, whatever its size, is one trip


async def test_while_writes_keep_coming_each_batch_waits_to_gather_more(
    sqlite_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = sqlite_database
    assert isinstance(database, SqliteDatabase)
    trips = Trips(database, monkeypatch)
    waiting, go = hold_batches(database, monkeypatch)
    await database.write(LOG, (1, 1, "alone", 1.0))  # after a quiet moment: at once
    assert (trips.count, waiting.is_set()) == (1, False)
    second = asyncio.ensure_future(database.write(LOG, (1, 1, "second", 1.0)))
    await waiting.wait()  # soon after a batch: the next one waits out the interval
    third = asyncio.ensure_future(database.write(LOG, (1, 1, "third", 1.0)))
    await asyncio.sleep(0)  # the third is queued meanwhile
    go.set()
    await asyncio.gather(second, third)
    assert trips.count == 2  # the second and the third in one batch
    assert await logged(database) == ["alone", "second", "third"]


async def test_a_faulty_write_fails_alone(sqlite_database: Database) -> None:
    database = sqlite_database
    writes = [database.write(LOG, (1, 1, f"ok {n}", 1.0)) for n in range(3)]
    faulty = database.write(LOG, (1, 1, None, 1.0))  # change is NOT NULL
    results = await asyncio.gather(*writes[:2], faulty, writes[2], return_exceptions=True)
    assert isinstance(results[2], sqlite3.IntegrityError)
    assert [r for n, r in enumerate(results) if n != 2] == [None, None, None]
    assert await logged(database) == ["ok 0", "ok 1", "ok 2"]


async def test_a_write_is_committed_when_it_returns(tmp_path: Path) -> None:
    database = await open_database(tmp_path / "songbot.db")
    await database.write(LOG, (1, 1, "kept", 1.0))
    async with aiosqlite.connect(tmp_path / "songbot.db") as other:  # another connection
        rows = await other.execute_fetchall("SELECT change FROM settings_log")
    await database.close()
    assert [row[0] for row in rows] == ["kept"]


def logging_steps(change: str, *, fail: bool = False) -> Any:
    """Steps that log ``change``, read back how many are logged, then return it (or fail)."""
    yield LOG, (1, 1, change, 1.0)
    rows = yield "SELECT COUNT(*) FROM settings_log", ()
    if fail:
        raise ValueError(change)
    return rows[0][0]


async def test_transactions_share_the_batch_and_its_commit_with_writes(
    sqlite_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = sqlite_database
    trips = Trips(database, monkeypatch)
    results = await asyncio.gather(
        database.write(LOG, (1, 1, "first", 1.0)),
        database.run(logging_steps("second")),
        database.write(LOG, (1, 1, "third", 1.0)),
        database.run(logging_steps("fourth")),
    )
    assert list(results) == [None, 2, None, 4]  # each sees what was queued before it
    assert trips.count == 1  # one trip, one transaction, one commit
    assert await logged(database) == ["first", "second", "third", "fourth"]


async def test_steps_that_fail_are_undone_alone(sqlite_database: Database) -> None:
    database = sqlite_database
    results = await asyncio.gather(
        database.run(logging_steps("kept")),
        database.run(logging_steps("undone", fail=True)),
        database.write(LOG, (1, 1, "after", 1.0)),
        return_exceptions=True,
    )
    assert results[0] == 1
    assert isinstance(results[1], ValueError)
    assert results[2] is None
    assert await logged(database) == ["kept", "after"]


async def test_a_transaction_answers_once_it_is_committed(tmp_path: Path) -> None:
    database = await open_database(tmp_path / "songbot.db")
    assert await database.run(logging_steps("kept")) == 1
    async with aiosqlite.connect(tmp_path / "songbot.db") as other:  # another connection
        rows = await other.execute_fetchall("SELECT change FROM settings_log")
    await database.close()
    assert [row[0] for row in rows] == ["kept"]


def hold_batches(
    database: SqliteDatabase, monkeypatch: pytest.MonkeyPatch
) -> tuple[asyncio.Event, asyncio.Event]:
    """A batch that waits out the interval waits until ``go`` is set (``waiting`` tells it
    does)."""
    waiting, go = asyncio.Event(), asyncio.Event()

    async def pause(seconds: float) -> None:
        assert 0 < seconds <= COMMIT_INTERVAL
        waiting.set()
        await go.wait()

    monkeypatch.setattr(database, "_pause", pause)
    return waiting, go


async def given_up_before_its_batch(
    database: Database, monkeypatch: pytest.MonkeyPatch, doomed: Coroutine[Any, Any, object]
) -> asyncio.Future[object]:
    """``doomed`` queued for a batch that waits, given up before the batch begins; a write
    "before" it and one "after" it, both done."""
    assert isinstance(database, SqliteDatabase)
    waiting, go = hold_batches(database, monkeypatch)
    await database.write(LOG, (1, 1, "before", 1.0))  # after a quiet moment: at once
    given_up = asyncio.ensure_future(doomed)
    kept = asyncio.ensure_future(database.write(LOG, (1, 1, "after", 1.0)))
    await waiting.wait()  # soon after a batch: the next one waits out the interval
    given_up.cancel()
    go.set()
    await kept
    return given_up


async def test_a_transaction_given_up_before_its_batch_never_runs(
    sqlite_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = False

    def steps() -> Any:
        nonlocal started
        started = True
        yield LOG, (1, 1, "never", 1.0)

    doomed = sqlite_database.run(steps())
    given_up = await given_up_before_its_batch(sqlite_database, monkeypatch, doomed)
    assert given_up.cancelled()
    assert not started
    assert await logged(sqlite_database) == ["before", "after"]


async def test_a_write_given_up_before_its_batch_is_written_all_the_same(
    sqlite_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    doomed = sqlite_database.write(LOG, (1, 1, "given up", 1.0))
    await given_up_before_its_batch(sqlite_database, monkeypatch, doomed)
    assert await logged(sqlite_database) == ["before", "given up", "after"]
