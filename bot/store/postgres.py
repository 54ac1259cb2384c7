"""The PostgreSQL backend: one database shared by every songbot process.

asyncpg is the driver: the fastest asyncio driver, with a connection pool of its own, and the
job engine the issue suggested (Procrastinate) is not used (see the README's "Running several
processes" for why leases fit the songs better), so nothing needs psycopg.

Transactions that check something before writing (a limit, a session's rules) name a lock
(``guild:<id>``): a transaction-scoped advisory lock, so the check and the write of one
server never interleave across processes, while other servers go on in parallel.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import socket
from collections.abc import AsyncIterator, Iterator, Sequence
from typing import TypeVar
from urllib.parse import urlsplit

import asyncpg

from bot.core.errors import DatabaseUnavailable
from bot.core.network import network_words
from bot.core.settings import ConfigError
from bot.store.database import Database, Migration
from bot.store.sql import POSTGRESQL, Params, Row, Rows, Steps, drive, numbered

log = logging.getLogger(__name__)
T = TypeVar("T")

# A connection of its own or one lent by the pool: the same to the code that uses it.
AnyConnection = asyncpg.Connection | asyncpg.pool.PoolConnectionProxy
POOL_SIZE = 20  # connections per process; a statement holds one only while it runs
_MIGRATING = "songbot:migrate"  # the lock of the migrations
CLOSE_WITHIN = 3.0  # seconds for the pool to close gracefully before its connections are cut
# What the server or the network says while the server restarts, fails over or is down. The
# pool drops a connection that broke and opens a new one on the next acquire, so each of these
# only means "not now": the callers try again, members are told plainly.
_OUT_OF_REACH = (
    OSError,  # refused, reset, unreachable
    TimeoutError,  # no answer to a connection attempt
    asyncpg.PostgresConnectionError,  # the connection broke, or could not be made
    asyncpg.CannotConnectNowError,  # the server is starting or stopping
    asyncpg.AdminShutdownError,  # terminated by a shutdown
    asyncpg.CrashShutdownError,
    asyncpg.TooManyConnectionsError,  # every process reconnecting at once
    # A connection cut in the middle of a statement, seen when the pool resets it on release
    # ("cannot switch to state …; another operation is in progress"). Every write the songs
    # try again is idempotent, so trying it again is safe even if it went through.
    asyncpg.InternalClientError,
)


class _OneLine(logging.Filter):
    """asyncpg's pool logs each failed try to reconnect with its traceback: while the server
    is away that is one traceback a second. The line and the error's own words say it all."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if error is not None:
            record.msg, record.args = (
                f"{record.getMessage()} ({type(error).__name__}: {error})",
                None,
            )
            record.exc_info, record.exc_text = None, None
        return True


logging.getLogger("asyncpg.pool").addFilter(_OneLine())


@contextlib.contextmanager
def _reachable() -> Iterator[None]:
    """Turn the server being out of reach into :class:`DatabaseUnavailable`."""
    try:
        yield
    except _OUT_OF_REACH as exc:
        raise DatabaseUnavailable(f"{type(exc).__name__}: {exc}") from exc
    except asyncpg.InterfaceError as exc:
        if "closed" not in str(exc):  # "connection is closed", "pool is closed"
            raise
        raise DatabaseUnavailable(f"{type(exc).__name__}: {exc}") from exc


class PostgresConnection:
    """:class:`bot.store.sql.Connection` over one asyncpg connection."""

    __slots__ = ("_connection",)

    def __init__(self, connection: AnyConnection) -> None:
        self._connection = connection

    async def fetch(self, sql: str, params: Params = ()) -> Rows:
        statement = numbered(sql)
        rows = await self._connection.fetch(statement.sql, *statement.values(params))
        return [tuple(row) for row in rows]

    async def fetchrow(self, sql: str, params: Params = ()) -> Row | None:
        statement = numbered(sql)
        row = await self._connection.fetchrow(statement.sql, *statement.values(params))
        return None if row is None else tuple(row)

    async def execute(self, sql: str, params: Params = ()) -> int:
        statement = numbered(sql)
        status = await self._connection.execute(statement.sql, *statement.values(params))
        return _changed(status)

    async def execute_many(self, sql: str, rows: Sequence[Params]) -> None:
        statement = numbered(sql)
        await self._connection.executemany(statement.sql, [statement.values(r) for r in rows])


class PostgresDatabase(Database):
    dialect = POSTGRESQL
    backend = "postgresql"
    shared_by_processes = True

    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    @contextlib.asynccontextmanager
    async def transaction(self, *, lock: str | None = None) -> AsyncIterator[PostgresConnection]:
        with _reachable():
            async with self._transaction(lock) as connection:
                yield connection

    @contextlib.asynccontextmanager
    async def _transaction(self, lock: str | None) -> AsyncIterator[PostgresConnection]:
        if lock is None:
            async with self._pool.acquire() as connection, connection.transaction():
                yield PostgresConnection(connection)
            return
        async with self._pool.acquire() as connection:
            # BEGIN and the lock in one trip to the server: a server's reservations queue on
            # its lock, so each trip inside it is paid once per reservation of that server
            await connection.execute(f"BEGIN; {_locked(lock)}")
            try:
                yield PostgresConnection(connection)
            except BaseException:
                await connection.execute("ROLLBACK")
                raise
            await connection.execute("COMMIT")

    async def run(self, steps: Steps[T], *, lock: str | None = None) -> T:
        async with self.transaction(lock=lock) as connection:
            return await drive(connection, steps)

    @contextlib.asynccontextmanager
    async def reading(self) -> AsyncIterator[PostgresConnection]:
        with _reachable():
            async with (
                self._pool.acquire() as connection,
                connection.transaction(isolation="repeatable_read", readonly=True),
            ):
                yield PostgresConnection(connection)

    async def write(self, sql: str, params: Params) -> None:
        statement = numbered(sql)
        with _reachable():
            await self._pool.execute(statement.sql, *statement.values(params))

    async def version(self) -> int:
        with _reachable():
            async with self._pool.acquire() as connection:
                return await _version(connection)

    async def apply(self, pending: list[Migration]) -> None:
        """In one transaction, under a lock: processes starting together migrate once."""
        async with self._pool.acquire() as connection, connection.transaction():
            await connection.execute(_locked(_MIGRATING))
            current = await _version(connection)
            if current == 0:
                await connection.execute(
                    "CREATE TABLE IF NOT EXISTS songbot_schema (version integer NOT NULL)"
                )
            for version, name, sql in pending:
                if version <= current:  # another process applied it while this one waited
                    continue
                log.info("applying database migration %s", name)
                await connection.execute(sql)
                await connection.execute("DELETE FROM songbot_schema")
                await connection.execute("INSERT INTO songbot_schema VALUES ($1)", version)

    async def close(self) -> None:
        """Close gracefully, or cut the connections: a statement stuck on a server that went
        away must not keep the process from stopping."""
        try:
            await asyncio.wait_for(self._pool.close(), CLOSE_WITHIN)
        except TimeoutError:
            log.warning("the database did not close within %.0f s; cutting it off", CLOSE_WITHIN)
            self._pool.terminate()


def _locked(lock: str) -> str:
    """The statement that takes a lock until the transaction ends (its key is a number, so
    it can go into the text, and with BEGIN into one trip)."""
    return f"SELECT pg_advisory_xact_lock({lock_key(lock):d})"


def lock_key(lock: str) -> int:
    """A lock's name as the 64-bit number advisory locks take (a digest: the same in every
    process, unlike Python's ``hash``)."""
    digest = hashlib.blake2b(lock.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


async def _version(connection: AnyConnection) -> int:
    # A query of the catalog, not to_regclass(): that reads a cache which an advisory lock does
    # not refresh, so a process that waited for another's migration would not see its table.
    exists = await connection.fetchval(
        "SELECT EXISTS (SELECT FROM pg_catalog.pg_tables"
        " WHERE schemaname = current_schema() AND tablename = 'songbot_schema')"
    )
    if not exists:
        return 0
    version = await connection.fetchval("SELECT MAX(version) FROM songbot_schema")
    return int(version or 0)


def _changed(status: str) -> int:
    """Rows changed, from a command tag such as ``UPDATE 3`` or ``INSERT 0 1``."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0


def without_password(url: str) -> str:
    """The URL without its password, for messages and logs (even when its port is no number,
    which makes ``urlsplit``'s ``port`` raise)."""
    parts = urlsplit(url)
    host_and_port = parts.netloc.rpartition("@")[2]
    user = f"{parts.username}@" if parts.username else ""
    return f"{parts.scheme}://{user}{host_and_port or 'localhost'}{parts.path}"


async def open_postgres(url: str, source: str = "DATABASE_URL") -> PostgresDatabase:
    """A pool on the server the URL names; a bad URL, an unreachable server or a refused login
    is one plain line (:class:`ConfigError`) naming ``source``, never the password."""
    try:
        urlsplit(url).port  # noqa: B018 - raises ValueError for a port that is no port
    except ValueError:
        raise ConfigError(
            f"{source} names {without_password(url)}, whose port is not a number from 1 to 65535."
        ) from None
    shown = without_password(url)
    try:
        pool = await asyncpg.create_pool(url, min_size=1, max_size=POOL_SIZE, timeout=10)
    except (OSError, socket.gaierror, TimeoutError) as exc:
        raise ConfigError(
            f"cannot reach PostgreSQL at {shown}: {network_words(exc)}. Check {source}."
        ) from None
    except asyncpg.InvalidAuthorizationSpecificationError:
        raise ConfigError(
            f"PostgreSQL refused the login at {shown}: check the user and password in {source}."
        ) from None
    except asyncpg.InvalidCatalogNameError:
        raise ConfigError(
            f"PostgreSQL has no database {urlsplit(url).path.lstrip('/')!r} at "
            f"{shown}: create it (createdb) or fix {source}."
        ) from None
    except (asyncpg.PostgresError, ValueError) as exc:
        raise ConfigError(f"PostgreSQL at {shown} refused to connect: {exc}") from None
    return PostgresDatabase(pool)
