"""The SQLite backend: one file, opened once, used one transaction at a time.

aiosqlite runs one connection on its own thread. Transactions are serialised with a lock so
that the awaits of two tasks never interleave inside one; SQLite's WAL mode keeps readers of
other processes unblocked. Single-statement writes that arrive together are committed together
(a group commit): each trip to the database thread waits for the event loop's thread to let go
of the GIL, so with hundreds of songs in flight one trip per statement would queue for seconds.
While writes keep coming, the batches are at least :data:`COMMIT_INTERVAL` apart, so each
gathers more of them; a write after a quiet moment is written at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import aiosqlite

from bot.core.settings import ConfigError
from bot.store.database import Database, Migration
from bot.store.sql import SQLITE, Params, Row, Rows, Steps

log = logging.getLogger(__name__)
T = TypeVar("T")
# Seconds between batches of single writes while they keep coming: a write waits at most this
# long, and a busy bot's database thread makes one trip and commit for many writes, not ~2.
COMMIT_INTERVAL = 0.01


@dataclass(slots=True)
class _Write:
    sql: str
    params: Params
    done: asyncio.Future[None]


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
        self._queued: list[_Write] = []
        self._writer: asyncio.Task[None] | None = None
        self._last_batch = float("-inf")  # when the last batch of single writes began (loop time)
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
        """The steps as one write transaction, all of it in one trip to the database's thread.

        Each statement of :meth:`transaction` is a trip of its own, and with the event loop
        busy each trip waits for the loop to let go of the GIL; a reservation of five
        statements then holds the lock for five such waits. The steps run on the database's
        thread, so between statements they must be pure code. aiosqlite has no public way to
        run a function on its thread, so this uses its ``_execute``, the one method all of its
        own calls go through (the store's tests fail if that changes).
        """
        del lock
        run: Callable[..., Awaitable[T]] = self._connection._execute
        async with self._lock:
            return await run(_in_transaction, self._connection, steps)

    @contextlib.asynccontextmanager
    async def reading(self) -> AsyncIterator[SqliteConnection]:
        async with self._lock:
            yield self._wrapped

    async def write(self, sql: str, params: Params) -> None:
        """One statement, committed when this returns (with any written at the same time)."""
        done = asyncio.get_running_loop().create_future()
        self._queued.append(_Write(sql, params, done))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_queued())
        await done

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

    async def _write_batch(self, batch: list[_Write]) -> None:
        if len(batch) == 1:
            await self._write_one(batch[0])
            return
        try:
            await self._write_together(batch)
        except sqlite3.Error:  # rolled back: each is written alone, so only the faulty one fails
            for write in batch:
                await self._write_one(write)
        else:
            for write in batch:
                _settle(write.done)

    async def _write_together(self, batch: list[_Write]) -> None:
        """One transaction in one trip to the thread (as :meth:`run`): a trip per statement
        would cost the batch as many hand-overs of the GIL and wake-ups of the loop."""
        run: Callable[..., Awaitable[None]] = self._connection._execute
        await run(_in_transaction, self._connection, _each(batch))

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


def _in_transaction(connection: aiosqlite.Connection, steps: Steps[T]) -> T:
    """On the database's thread: the steps between BEGIN IMMEDIATE and COMMIT."""
    raw = connection._conn
    raw.execute("BEGIN IMMEDIATE")
    try:
        statement = next(steps)
        while True:
            rows = [tuple(row) for row in raw.execute(*statement).fetchall()]
            statement = steps.send(rows)
    except StopIteration as done:
        raw.commit()
        result: T = done.value
        return result
    except BaseException:
        raw.rollback()
        raise


def _each(batch: list[_Write]) -> Steps[None]:
    for write in batch:
        yield write.sql, write.params


def _settle(done: asyncio.Future[None], error: BaseException | None = None) -> None:
    if done.done():  # the writer gave up waiting; the statement stands regardless
        return
    if error is None:
        done.set_result(None)
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
