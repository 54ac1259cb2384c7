"""``songbot db status|upgrade|copy``: the database's schema and moving it, without Discord.

``songbot run`` upgrades the database itself when it starts; these are for a deploy step that
upgrades first (and for seeing what a new version would change), and for moving a server's
history from SQLite to PostgreSQL, with no token needed.
"""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from bot.cli.exit_codes import EXIT_OK, exit_codes
from bot.cli.parsing import add_command
from bot.core.settings import ConfigError, load_settings
from bot.store.copy import Copied, CopyError, copy_database
from bot.store.database import migrate, pending_migrations
from bot.store.opening import SQLITE_PREFIX, backend_of, open_database, sqlite_path

EXIT_COPY_FAILED = 1


NEEDS = "DATABASE_URL (default sqlite:///data/songbot.db); no token or key"
EXITS = exit_codes("done", failed=None)


def add_parser(commands: Any) -> None:
    parser = add_command(
        commands, "db", summary="the database: its version, upgrading and copying it",
        description="The database without Discord: see its schema version, upgrade it before "
        "a deploy, or copy a server's history from SQLite to PostgreSQL.",
        needs=NEEDS, exits=EXITS,
    )  # fmt: skip
    actions = parser.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    for name, summary, description, handler in (
        (
            "status",
            "the schema version and what an upgrade applies",
            (
                "Say which version the database's schema is at and which migrations `songbot "
                "db upgrade` would apply. Looking creates nothing."
            ),
            status_command,
        ),
        (
            "upgrade",
            "apply every migration the database lacks",
            (
                "Create the database if it is not there yet and apply every migration it lacks, "
                "in one transaction (`songbot run` does this itself when it starts)."
            ),
            upgrade_command,
        ),
    ):
        action = add_command(
            actions, name, summary=summary, description=description, needs=NEEDS, exits=EXITS
        )
        action.set_defaults(handler=handler)
    copy = add_command(
        actions, "copy", summary="copy every song, setting and session into an empty database",
        description="Copy every song, setting and session from one database into an empty "
        "one (for instance SQLite to PostgreSQL), and check that every table's count matches.",
        needs=None,
        exits=exit_codes("copied, every count matching",
                         failed="the copy failed (the target is not empty, or a count differs)"),
    )  # fmt: skip
    copy.add_argument("--from", dest="source", required=True, metavar="URL",
                      help="the database to copy, e.g. sqlite:///data/songbot.db")  # fmt: skip
    copy.add_argument("--to", dest="target", required=True, metavar="URL",
                      help="an empty database, e.g. postgresql://songbot@db/songbot")  # fmt: skip
    copy.set_defaults(handler=copy_command)


def status_command(args: argparse.Namespace) -> int:
    url = load_settings(args.env_file).database_url
    if _missing_file(url):
        print(f"{_shown(url)}: no database yet; `songbot db upgrade` or `songbot run` creates it.")
        return EXIT_OK
    version, pending = asyncio.run(_status(url))
    if pending:
        print(f"{_shown(url)}: version {version}; `songbot db upgrade` would apply "
              f"{', '.join(pending)}.")  # fmt: skip
    else:
        print(f"{_shown(url)}: version {version}, up to date.")
    return EXIT_OK


def upgrade_command(args: argparse.Namespace) -> int:
    url = load_settings(args.env_file).database_url
    before, after = asyncio.run(_upgrade(url))
    if before == after:
        print(f"{_shown(url)}: version {after}, up to date; nothing to do.")
    else:
        print(f"{_shown(url)}: upgraded from version {before} to {after}.")
    return EXIT_OK


def copy_command(args: argparse.Namespace) -> int:
    if _missing_file(args.source, "--from"):
        raise ConfigError(f"--from names {_shown(args.source)}, which does not exist.")
    try:
        copied = asyncio.run(_copy(args.source, args.target))
    except CopyError as exc:
        print(f"songbot db copy: {exc}")
        return EXIT_COPY_FAILED
    width = max(len(c.table) for c in copied)
    for c in copied:
        print(f"  {c.table:<{width}}  {c.source:>8} → {c.target:<8} ✓")
    total = sum(c.target for c in copied)
    print(f"Copied {total} rows from {_shown(args.source)} to {_shown(args.target)}; every "
          "table's count matches.")  # fmt: skip
    return EXIT_OK


def _missing_file(url: str, source: str = "DATABASE_URL") -> bool:
    return backend_of(url, source) == "sqlite" and not sqlite_path(url, source).exists()


def _shown(url: str) -> str:
    """A URL fit to print: a SQLite file's path, or the server's URL without its password."""
    if backend_of(url) == "sqlite":
        return url.removeprefix(SQLITE_PREFIX)
    from bot.store.postgres import without_password  # noqa: PLC0415 - asyncpg only when it is used

    return without_password(url)


async def _status(url: str) -> tuple[int, list[str]]:
    database = await open_database(url, upgrade=False)
    try:
        version = await database.version()
        return version, [name for _, name, _ in pending_migrations(version, database.backend)]
    finally:
        await database.close()


async def _upgrade(url: str) -> tuple[int, int]:
    database = await open_database(url, upgrade=False)
    try:
        before = await database.version()
        return before, await migrate(database)
    finally:
        await database.close()


async def _copy(source_url: str, target_url: str) -> list[Copied]:
    source = await open_database(source_url, upgrade=False, source="--from")
    try:
        # an empty target gets the schema first
        target = await open_database(target_url, source="--to")
        try:
            return await copy_database(source, target)
        finally:
            await target.close()
    finally:
        await source.close()
