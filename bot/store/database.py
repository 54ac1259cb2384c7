"""The database every repository uses, whichever backend holds it, and its migrations.

Each backend (:mod:`bot.store.sqlite`, :mod:`bot.store.postgres`) has its own numbered
migrations under ``bot/store/migrations/<backend>/``; the repositories above them are the same
code. :mod:`bot.store.opening` picks the backend a ``DATABASE_URL`` names and opens it.
"""

from __future__ import annotations

import abc
import re
from contextlib import AbstractAsyncContextManager
from importlib import resources
from typing import TypeVar

from bot.core.settings import ConfigError
from bot.store.sql import Connection, Dialect, Params, Steps

T = TypeVar("T")

_MIGRATION_NAME = re.compile(r"(\d{4})_[a-z0-9_]+\.sql")
Migration = tuple[int, str, str]  # (version, file name, SQL)


def migrations(backend: str = "sqlite") -> list[Migration]:
    """Every migration shipped for a backend, in order."""
    found = []
    for entry in resources.files(f"bot.store.migrations.{backend}").iterdir():
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


def pending_migrations(current: int, backend: str = "sqlite") -> list[Migration]:
    """The migrations a database at version ``current`` lacks, or :class:`DatabaseTooNewError`."""
    found = migrations(backend)
    latest = found[-1][0] if found else 0
    if current > latest:
        raise DatabaseTooNewError(
            f"the database is at version {current}, newer than this songbot, which knows up to "
            f"version {latest}: run the newer songbot, or restore a backup"
        )
    return [migration for migration in found if migration[0] > current]


class Database(abc.ABC):
    """Transactions, consistent reads and single writes, on one backend."""

    dialect: Dialect
    backend: str  # the name of its migrations' folder
    # Whether several processes may use it at once (each then keeps leases on its songs).
    shared_by_processes: bool

    @abc.abstractmethod
    def transaction(self, *, lock: str | None = None) -> AbstractAsyncContextManager[Connection]:
        """One write transaction: committed, or rolled back on error. ``lock`` names what it
        must not run beside in any process (see :func:`bot.store.sql.guild_lock`)."""

    @abc.abstractmethod
    def reading(self) -> AbstractAsyncContextManager[Connection]:
        """Reads that see one consistent state."""

    @abc.abstractmethod
    async def write(self, sql: str, params: Params) -> None:
        """One statement, committed when this returns."""

    @abc.abstractmethod
    async def run(self, steps: Steps[T], *, lock: str | None = None) -> T:
        """Steps as one write transaction (like :meth:`transaction`)."""

    @abc.abstractmethod
    async def version(self) -> int:
        """The number of the newest migration applied."""

    @abc.abstractmethod
    async def apply(self, pending: list[Migration]) -> None:
        """Apply migrations, all in one transaction."""

    @abc.abstractmethod
    async def close(self) -> None: ...

    async def healthy(self) -> None:
        """Raises unless a write transaction can start now."""
        async with self.transaction():
            pass


async def migrate(database: Database, target: int | None = None) -> int:
    """Apply the migrations newer than the database; the version it is at after."""
    current = await database.version()
    pending = [
        m for m in pending_migrations(current, database.backend) if target is None or m[0] <= target
    ]
    if pending:
        await database.apply(pending)
        return pending[-1][0]
    return current
