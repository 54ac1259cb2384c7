"""The SQLite backend: one file, opened once, used one transaction at a time.

aiosqlite runs one connection on its own thread. Transactions are serialised with a lock so
that the awaits of two tasks never interleave inside one; SQLite's WAL mode keeps readers of
other processes unblocked. Writes that arrive together are committed together (a group commit):
single statements and whole transactions of steps (:meth:`SqliteDatabase.run`, a song's
reservation and claim) alike, each transaction inside a savepoint of its own, so one that fails
is undone alone. Each trip to the database thread waits for the event loop's thread to let go
of the GIL, and each commit writes every page it changed to the WAL, so with hundreds of songs
in flight a trip and a commit per write would queue for seconds. While writes keep coming, the
batches are at least :data:`COMMIT_INTERVAL` apart, so each gathers more of them; a write after
a quiet moment is written at once. Every writer hears back only after the commit.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from bot.core.settings import ConfigError
from bot.store.database import Database, Migration
from bot.store.sql import SQLITE, Params, Row, Rows, Steps

log = logging.getLogger(__name__)
T = TypeVar("T")
# Seconds between batches while writes keep coming: a write waits at most this long, and a busy
# bot makes one trip and one commit for many writes. At 100 songs a second, 10 ms made 1.7
# commits a song and 30 ms about 0.6: 9.35 -> 6.9 ms of CPU a song (medians, alternated), for
# songs starting ~50 ms later (see docs/performance.md, "Fifth pass"). After a quiet moment
# a write goes at once.
COMMIT_INTERVAL = 0.03


@dataclass(slots=True)
class _Write:
    """One statement of a batch."""

    sql: str
    params: Params
    done: asyncio.Future[None]


@dataclass(slots=True)
class _Run:
    """A transaction of steps in a batch; ``done`` gets what the steps return."""

    steps: Steps[object]
    done: asyncio.Future[object]


@dataclass(frozen=True, slots=True)
class _Failed:
    """An item of a batch that was undone (the rest of the batch stands)."""

    error: Exception


class SqliteConnection:
    """:class:`bot.store.sql.Connection` over aiosqlite: each call is one trip to its thread."""

    __slots__ = ("_connection",)

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._connection = connection

    async def fetch(self, sql: str, params: Params = ()) -> Rows:
        return [tuple(row) for row in await self._connection.execute_fetchall(sql, params)]

    async def fetchrow(self, sql: str, params: Params = ()) -> Row | None:
        rows = await self.fetch(sql, params)
        return rows[0] if rows else None

    async def execute(self, sql: str, params: Params = ()) -> int:
        cursor = await self._connection.execute(sql, params)
        return cursor.rowcount

    async def execute_many(self, sql: str, rows: Sequence[Params]) -> None:
        await self._connection.executemany(sql, rows)


class SqliteDatabase(Database):
    dialect = SQLITE
    backend = "sqlite"
    shared_by_processes = False  # one process: WAL lets others read, never share the songs

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._connection = connection
        self._wrapped = SqliteConnection(connection)
        self._lock = asyncio.Lock()
        self._queued: list[_Write | _Run] = []
        self._writer: asyncio.Task[None] | None = None
        self._last_batch = float("-inf")  # when the last batch of writes began (loop time)
        self._pause: Callable[[float], Awaitable[object]] = asyncio.sleep  # tests hold it

    @contextlib.asynccontextmanager
    async def transaction(self, *, lock: str | None = None) -> AsyncIterator[SqliteConnection]:
        """``BEGIN IMMEDIATE``: every write transaction runs alone, so ``lock`` is implied."""
        del lock
        async with self._lock:
            await self._connection.execute("BEGIN IMMEDIATE")
            try:
                yield self._wrapped
            except BaseException:
                await self._connection.rollback()
                raise
            await self._connection.commit()

    async def run(self, steps: Steps[T], *, lock: str | None = None) -> T:
        """The steps as one write transaction, committed with whatever else is being written.

        The steps run on the database's thread, so between statements they must be pure code;
        they see every write queued before them (SQLite serialises every writer), and their
        result comes back only once it is committed.
        """
        del lock
        done: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._queue(_Run(steps, done))  # type: ignore[arg-type]  # _Run holds any T
        return await done

    @contextlib.asynccontextmanager
    async def reading(self) -> AsyncIterator[SqliteConnection]:
        async with self._lock:
            yield self._wrapped

    async def write(self, sql: str, params: Params) -> None:
        """One statement, committed when this returns (with any written at the same time)."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queue(_Write(sql, params, done))
        await done

    def _queue(self, item: _Write | _Run) -> None:
        self._queued.append(item)
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_queued())

    async def _write_queued(self) -> None:
        loop = asyncio.get_running_loop()
        while self._queued:
            batch = self._queued  # the writes that come while it waits join it
            try:
                wait = self._last_batch + COMMIT_INTERVAL - loop.time()
                if wait > 0:
                    await self._pause(wait)
                self._last_batch, self._queued = loop.time(), []
                async with self._lock:
                    await self._write_batch(batch)
            except Exception as exc:  # noqa: BLE001 - handed to each writer, who raises it
                for write in batch:
                    _settle(write.done, exc)
            except BaseException as exc:  # cancelled: never leave a writer waiting forever
                for write in batch:
                    _settle(write.done, exc)
                raise

    async def _write_batch(self, batch: list[_Write | _Run]) -> None:
        # A transaction given up before its batch is never run (as when it waited for the
        # lock); a single write stands regardless, as it always has.
        batch = [item for item in batch if isinstance(item, _Write) or not item.done.done()]
        if not batch:
            return
        if len(batch) == 1 and isinstance(batch[0], _Write):
            await self._write_one(batch[0])
            return
        # aiosqlite has no public way to run a function on its thread; its ``_execute`` is
        # the one method all of its own calls go through (the store's tests fail if it goes).
        run: Callable[..., Awaitable[list[object]]] = self._connection._execute
        outcomes = await run(_in_batch, self._connection, batch)
        for item, outcome in zip(batch, outcomes, strict=True):
            if isinstance(outcome, _Failed):
                _settle(item.done, outcome.error)
            else:
                _settle(item.done, result=outcome)

    async def _write_one(self, write: _Write) -> None:
        try:
            await self._connection.execute(write.sql, write.params)
        except sqlite3.Error as exc:
            _settle(write.done, exc)
        else:
            _settle(write.done)

    async def version(self) -> int:
        async with self.reading() as db:
            row = await db.fetchrow("PRAGMA user_version")
        return int(row[0]) if row else 0

    async def apply(self, pending: list[Migration]) -> None:
        async with self.transaction() as db:
            for version, name, sql in pending:
                log.info("applying database migration %s", name)
                for statement in _statements(sql):
                    await db.execute(statement)
                await db.execute(f"PRAGMA user_version = {version:d}")

    async def close(self) -> None:
        if self._writer is not None:
            await self._writer
        await self._connection.close()


def _in_batch(connection: aiosqlite.Connection, batch: list[_Write | _Run]) -> list[object]:
    """On the database's thread: the batch between BEGIN IMMEDIATE and one COMMIT, each
    item's outcome in order. A statement that fails is undone by SQLite alone; steps run in a
    savepoint, undone alone when they raise. An error that ends the whole transaction (a full
    disk, say) fails the whole batch."""
    raw = connection._conn
    raw.execute("BEGIN IMMEDIATE")
    try:
        outcomes = [_item(raw, item) for item in batch]
        raw.commit()
    except BaseException:
        if raw.in_transaction:
            raw.rollback()
        raise
    return outcomes


def _item(raw: sqlite3.Connection, item: _Write | _Run) -> object:
    if isinstance(item, _Write):
        try:
            raw.execute(item.sql, item.params)
        except sqlite3.Error as exc:
            if not raw.in_transaction:
                raise
            return _Failed(exc)
        return None
    raw.execute("SAVEPOINT steps")
    try:
        result = _steps(raw, item.steps)
    except Exception as exc:  # handed to the one who ran the steps
        if not raw.in_transaction:
            raise
        raw.execute("ROLLBACK TO steps")
        raw.execute("RELEASE steps")
        return _Failed(exc)
    raw.execute("RELEASE steps")
    return result


def _steps(raw: sqlite3.Connection, steps: Steps[T]) -> T:
    try:
        statement = next(steps)
        while True:
            rows = [tuple(row) for row in raw.execute(*statement).fetchall()]
            statement = steps.send(rows)
    except StopIteration as done:
        result: T = done.value
        return result


def _settle(
    done: asyncio.Future[Any], error: BaseException | None = None, *, result: object = None
) -> None:
    if done.done():  # the writer gave up waiting; what it wrote stands regardless
        return
    if error is None:
        done.set_result(result)
    elif isinstance(error, asyncio.CancelledError):
        done.cancel()
    else:
        done.set_exception(error)


async def open_sqlite(path: Path, source: str = "DATABASE_URL") -> SqliteDatabase:
    """Open (creating the folder and file if needed) and configure the file; a path that
    cannot be a database is one :class:`ConfigError` naming ``source``."""
    await asyncio.to_thread(_check_file, path, source)
    connection = await aiosqlite.connect(path, isolation_level=None)
    try:
        for pragma in (
            "PRAGMA journal_mode = WAL",
            "PRAGMA foreign_keys = ON",
            "PRAGMA busy_timeout = 5000",
            "PRAGMA synchronous = NORMAL",
            "PRAGMA temp_store = MEMORY",  # a big batch's statement journal: no temp file
        ):
            await connection.execute(pragma)
    except sqlite3.Error as exc:
        await connection.close()
        raise _unusable(path, source, exc) from None
    except BaseException:
        await connection.close()
        raise
    return SqliteDatabase(connection)


def _check_file(path: Path, source: str) -> None:
    """Open the file once with the standard library first (on a worker thread), so that each
    way it can fail is told in words: a failed ``aiosqlite.connect`` queues the stop of its
    thread on the event loop, which a command line's loop may close first (three tracebacks
    ending "Event loop is closed")."""
    if path.is_dir():
        raise ConfigError(
            f"{source} names {path}, which is a folder: name a file in it, like "
            f"sqlite:///{path / 'songbot.db'}."
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = (
            "part of its path is a file or a broken link"
            if isinstance(exc, FileExistsError | NotADirectoryError)
            else _reason(exc)
        )
        raise ConfigError(
            f"{source} names {path}, but its folder cannot be made ({reason}): create it, or "
            "name a file in a folder songbot may write to."
        ) from None
    try:
        with contextlib.closing(sqlite3.connect(path)) as raw:
            raw.execute("PRAGMA schema_version")  # reads the header: fails on any other file
    except sqlite3.Error as exc:
        raise _unusable(path, source, exc) from None


def _unusable(path: Path, source: str, exc: sqlite3.Error) -> ConfigError:
    if isinstance(exc, sqlite3.DatabaseError) and "not a database" in str(exc):
        return ConfigError(
            f"{source} names {path}, which is not a SQLite database: name songbot's database "
            "file, or a new file for songbot to create."
        )
    return ConfigError(
        f"{source} names {path}, which cannot be opened ({_reason(exc)}): check the path and "
        "that songbot may read and write it and its folder."
    )


def _reason(exc: Exception) -> str:
    text = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return text[:1].lower() + text[1:]


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
