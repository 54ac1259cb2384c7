"""Opening the database a ``DATABASE_URL`` names, and migrating it.

``sqlite:///path`` (the default, one process, nothing to install: :mod:`bot.store.sqlite`) or
``postgresql://…`` (shared by several processes: :mod:`bot.store.postgres`). A URL that cannot
work (no path, a folder, a file that is not a database, a port that is no port, a server out of
reach) is one :class:`ConfigError` naming where the URL came from, never a traceback. Apart from
:mod:`bot.store.database` because the backends build on that module: it never imports them.
"""

from __future__ import annotations

from pathlib import Path

from bot.core.settings import ConfigError
from bot.store.database import Database, migrate

SQLITE_PREFIX = "sqlite:///"


def backend_of(url: str, source: str = "DATABASE_URL") -> str:
    """``sqlite`` or ``postgresql``, from a ``DATABASE_URL``; ``source`` is what named it."""
    if url.startswith(SQLITE_PREFIX):
        return "sqlite"
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql"
    raise ConfigError(f"{source} must start with sqlite:/// (a file) or postgresql:// (a server).")


def sqlite_path(url: str, source: str = "DATABASE_URL") -> Path:
    """The file a ``sqlite:///`` URL names."""
    path = url.removeprefix(SQLITE_PREFIX)
    if not path:
        raise ConfigError(
            f"{source} names no file: put its path after sqlite:///, like "
            "sqlite:///data/songbot.db."
        )
    return Path(path)


async def open_database(
    url: str | Path, *, upgrade: bool = True, source: str = "DATABASE_URL"
) -> Database:
    """Open the database a URL (or a SQLite file's path) names and, unless ``upgrade`` is
    false, migrate it. ``source`` names the URL in errors (a setting or a flag)."""
    text = f"{SQLITE_PREFIX}{url}" if isinstance(url, Path) else url
    if backend_of(text, source) == "postgresql":
        from bot.store.postgres import open_postgres  # noqa: PLC0415 - asyncpg only when used

        database: Database = await open_postgres(text, source)
    else:
        from bot.store.sqlite import open_sqlite  # noqa: PLC0415 - as for PostgreSQL

        database = await open_sqlite(sqlite_path(text, source), source)
    try:
        if upgrade:
            await migrate(database)
    except BaseException:
        await database.close()
        raise
    return database
