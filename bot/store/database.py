"""The SQLite database: opened once, migrated at start, used one transaction at a time.

aiosqlite runs one connection on its own thread. Transactions are serialised with a lock so
that the awaits of two tasks never interleave inside one; SQLite's WAL mode keeps readers of
other processes unblocked. Single-statement writes that arrive together are committed together
(a group commit): each trip to the database thread waits for the event loop's thread to let go
of the GIL, so with hundreds of songs in flight one trip per statement would queue for seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import re
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TypeVar

import aiosqlite

from bot.core.settings import ConfigError

log = logging.getLogger(__name__)
T = TypeVar("T")

_MIGRATION_NAME = re.compile(r"(\d{4})_[a-z0-9_]+\.sql")


def migrations() -> list[tuple[int, str, str]]:
    """Every migration shipped with the bot: (version, file name, SQL), in order."""
    found = []
    for entry in resources.files("bot.store.migrations").iterdir():
        match = _MIGRATION_NAME.fullmatch(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    versions = [version for version, _, _ in found]
    if versions != list(range(1, len(versions) + 1)):
        raise RuntimeError(f"migrations must be numbered 1, 2, 3, …; found {versions}")
    return found


class DatabaseTooNewError(ConfigError):
    """The database was written by a newer songbot: this one must not guess at its schema."""


def pending_migrations(current: int) -> list[tuple[int, str, str]]:
    """The migrations a database at version ``current`` lacks, or :class:`DatabaseTooNewError`."""
    found = migrations()
    latest = found[-1][0] if found else 0
    if current > latest:
        raise DatabaseTooNewError(
            f"the database is at version {current}, newer than this songbot, which knows up to "
            f"version {latest}: run the newer songbot, or restore a backup"
        )
    return [migration for migration in found if migration[0] > current]


Params = Sequence[object] | Mapping[str, object]


@dataclass(slots=True)
class _Write:
    sql: str
    params: Params
    done: asyncio.Future[None]


class Database:
    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._connection = connection
        self._lock = asyncio.Lock()
        self._queued: list[_Write] = []
        self._writer: asyncio.Task[None] | None = None
        # Bumped by every settings change, so caches of settings know when they are stale.

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """One write transaction (``BEGIN IMMEDIATE``): committed, or rolled back on error."""
        async with self._lock:
            await self._connection.execute("BEGIN IMMEDIATE")
            try:
                yield self._connection
            except BaseException:
                await self._connection.rollback()
                raise
            await self._connection.commit()

    async def in_one_trip(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``work`` as one write transaction, all of it in one trip to the database's
        thread: committed, or rolled back if it raises.

        Each statement of :meth:`transaction` is a trip of its own, and with the event loop
        busy each trip waits for the loop to let go of the GIL; a reservation of five
        statements then holds the lock for five such waits. ``work`` runs on the database's
        thread, so it must only use the connection it is given and pure code. aiosqlite has no
        public way to run a function on its thread, so this uses its ``_execute``, the one
        method all of its own calls go through (the store's tests fail if that changes).
        """
        run: Callable[..., Awaitable[T]] = self._connection._execute
        async with self._lock:
            return await run(_in_transaction, self._connection, work)

    @contextlib.asynccontextmanager
    async def reading(self) -> AsyncIterator[aiosqlite.Connection]:
        """Reads that see one consistent state."""
        async with self._lock:
            yield self._connection

    async def write(self, sql: str, params: Params) -> None:
        """One statement, committed when this returns (with any written at the same time)."""
        done = asyncio.get_running_loop().create_future()
        self._queued.append(_Write(sql, params, done))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_queued())
        await done

    async def _write_queued(self) -> None:
        while self._queued:
            batch, self._queued = self._queued, []
            try:
                async with self._lock:
                    await self._write_batch(batch)
            except Exception as exc:  # noqa: BLE001 - handed to each writer, who raises it
                for write in batch:
                    _settle(write.done, exc)
            except BaseException as exc:  # cancelled: never leave a writer waiting forever
                for write in batch:
                    _settle(write.done, exc)
                raise

    async def _write_batch(self, batch: list[_Write]) -> None:
        if len(batch) == 1:
            await self._write_one(batch[0])
            return
        try:
            await self._write_together(batch)
        except sqlite3.Error:
            await self._connection.rollback()
            for write in batch:  # so that only the faulty statement fails
                await self._write_one(write)
        else:
            for write in batch:
                _settle(write.done)

    async def _write_together(self, batch: list[_Write]) -> None:
        """One transaction; each run of the same statement is one trip to the thread."""
        await self._connection.execute("BEGIN IMMEDIATE")
        for sql, run in itertools.groupby(batch, key=lambda write: write.sql):
            await self._connection.executemany(sql, [write.params for write in run])
        await self._connection.commit()

    async def _write_one(self, write: _Write) -> None:
        try:
            await self._connection.execute(write.sql, write.params)
        except sqlite3.Error as exc:
            _settle(write.done, exc)
        else:
            _settle(write.done)

    async def version(self) -> int:
        async with self.reading() as db, db.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def close(self) -> None:
        if self._writer is not None:
            await self._writer
        await self._connection.close()


def _in_transaction(connection: aiosqlite.Connection, work: Callable[[sqlite3.Connection], T]) -> T:
    """On the database's thread: ``work`` between BEGIN IMMEDIATE and COMMIT."""
    raw = connection._conn
    raw.execute("BEGIN IMMEDIATE")
    try:
        result = work(raw)
    except BaseException:
        raw.rollback()
        raise
    raw.commit()
    return result


def _settle(done: asyncio.Future[None], error: BaseException | None = None) -> None:
    if done.done():  # the writer gave up waiting; the statement stands regardless
        return
    if error is None:
        done.set_result(None)
    elif isinstance(error, asyncio.CancelledError):
        done.cancel()
    else:
        done.set_exception(error)


async def open_database(path: Path, *, upgrade: bool = True) -> Database:
    """Open (creating the folder and file if needed), configure and, unless ``upgrade`` is
    false, migrate the database."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = await aiosqlite.connect(path, isolation_level=None)
    connection.row_factory = aiosqlite.Row
    await connection.execute("PRAGMA journal_mode = WAL")
    await connection.execute("PRAGMA foreign_keys = ON")
    await connection.execute("PRAGMA busy_timeout = 5000")
    await connection.execute("PRAGMA synchronous = NORMAL")
    database = Database(connection)
    try:
        if upgrade:
            await migrate(database)
    except BaseException:
        await connection.close()
        raise
    return database


async def migrate(database: Database, target: int | None = None) -> int:
    """Apply the migrations newer than the database, all in one transaction."""
    current = await database.version()
    pending = [m for m in pending_migrations(current) if target is None or m[0] <= target]
    if not pending:
        return current
    async with database.transaction() as db:
        for version, name, sql in pending:
            log.info("applying database migration %s", name)
            for statement in _statements(sql):
                await db.execute(statement)
            await db.execute(f"PRAGMA user_version = {version:d}")
    return pending[-1][0]


async def fetch_one(
    db: aiosqlite.Connection, sql: str, params: Sequence[object] | Mapping[str, object] = ()
) -> sqlite3.Row:
    """The single row an aggregate query always returns (one round trip to the thread)."""
    rows = list(await db.execute_fetchall(sql, params))
    if not rows:  # pragma: no cover - aggregates always give a row
        raise RuntimeError("expected a row")
    row: sqlite3.Row = rows[0]
    return row


def _statements(sql: str) -> list[str]:
    """Split a migration file into whole statements (triggers keep their inner semicolons)."""
    statements, current = [], ""
    for line in sql.splitlines():
        current += line.split("--", 1)[0] + "\n"
        if current.strip() and sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        raise ValueError(f"incomplete statement at the end of a migration: {current.strip()!r}")
    return statements
