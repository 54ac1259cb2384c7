"""What both backends share: the connection the repositories write SQL against, and *steps*,
a transaction's logic written once and run by either backend.

The repositories write one SQL, with ``?`` or ``:name`` parameters, that SQLite and
PostgreSQL both understand; the PostgreSQL backend numbers the parameters (``$1``) for
asyncpg. Steps are generators that yield ``(sql, params)`` and are sent the rows back: SQLite
runs them on its own thread in one trip, PostgreSQL runs them with an ``await`` per statement,
and the logic in between (a limit check, say) is the same code.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Mapping, Sequence
from typing import Any, Protocol, TypeVar

T = TypeVar("T")

Params = Sequence[Any] | Mapping[str, Any]
Row = tuple[Any, ...]
Rows = list[Row]
Statement = tuple[str, Params]
Steps = Generator[Statement, Rows, T]


class Connection(Protocol):
    """One connection, inside a transaction or a consistent read."""

    async def fetch(self, sql: str, params: Params = ()) -> Rows: ...

    async def fetchrow(self, sql: str, params: Params = ()) -> Row | None: ...

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run a statement; the number of rows it changed."""
        ...

    async def execute_many(self, sql: str, rows: Sequence[Params]) -> None:
        """Run a statement once for each set of parameters."""
        ...


def one(row: Row | None) -> Row:
    """The row an aggregate query always returns."""
    if row is None:  # pragma: no cover - aggregates always give a row
        raise RuntimeError("expected a row")
    return row


def query(sql: str, params: Params = ()) -> Generator[Statement, Rows, Rows]:
    """One statement inside steps: ``rows = yield from query(...)``."""
    rows = yield sql, params
    return rows


async def drive(connection: Connection, steps: Steps[T]) -> T:
    """Run steps on an async connection, one statement at a time."""
    try:
        statement = next(steps)
        while True:
            statement = steps.send(await connection.fetch(*statement))
    except StopIteration as done:
        result: T = done.value
        return result


def guild_lock(guild_id: int) -> str:
    """The lock that serialises a server's limit checks and settings changes across processes
    (SQLite serialises every write transaction anyway)."""
    return f"guild:{guild_id}"


# A quoted literal (skipped), a ``?``, or a ``:name`` that is not half of a ``::`` cast.
_PLACEHOLDER = re.compile(r"'(?:[^']|'')*'|(\?)|(?<!:):([A-Za-z_]\w*)")


class Numbered:
    """A statement with ``$1``-style parameters, and how to order the values for it."""

    __slots__ = ("names", "positional", "sql")

    def __init__(self, sql: str) -> None:
        names: list[str] = []
        count = 0

        def number(match: re.Match[str]) -> str:
            nonlocal count
            if match.group(1):
                count += 1
                return f"${count}"
            if match.group(2):
                name = match.group(2)
                if name not in names:
                    names.append(name)
                return f"${names.index(name) + 1}"
            return match.group(0)

        self.sql = _PLACEHOLDER.sub(number, sql)
        self.names = tuple(names)
        self.positional = count
        if names and count:
            raise ValueError(f"a statement mixes ? and :name parameters: {sql!r}")

    def values(self, params: Params) -> list[Any]:
        if isinstance(params, Mapping):
            return [params[name] for name in self.names]
        return list(params)


_numbered: dict[str, Numbered] = {}


def numbered(sql: str) -> Numbered:
    """``sql`` with numbered parameters (remembered: the statements are the code's own)."""
    found = _numbered.get(sql)
    if found is None:
        found = _numbered[sql] = Numbered(sql)
    return found


class Dialect:
    """What the two SQLs spell differently; everything else is written once."""

    __slots__ = ("_day", "_ids_after", "name", "skip_locked")

    def __init__(self, name: str, day: str, ids_after: str | None, skip_locked: str) -> None:
        self.name = name
        self._day = day
        self._ids_after = ids_after
        # after a SELECT of rows to change: pass over rows another transaction holds
        self.skip_locked = skip_locked

    def day(self, seconds: str) -> str:
        """``YYYY-MM-DD`` of a unix time expression (already moved to the server's zone)."""
        return self._day.format(seconds)

    def ids_after(self, table: str) -> str | None:
        """The statement that makes a table's next id follow the ids copied into it, if the
        backend needs one (SQLite's next id is always one more than the largest)."""
        return self._ids_after.format(table=table) if self._ids_after else None


# SQLite runs one write transaction at a time, so no row is ever held by another one.
SQLITE = Dialect("sqlite", "date({}, 'unixepoch')", None, "")
POSTGRESQL = Dialect(
    "postgresql",
    "to_char(to_timestamp({}) AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
    "SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
    " (SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)",
    " FOR UPDATE SKIP LOCKED",
)
