"""``songbot db status`` and ``songbot db upgrade``: the database's schema, without Discord.

``songbot run`` upgrades the database itself when it starts; these are for a deploy step that
upgrades first (and for seeing what a new version would change), with no token needed.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import Any

from bot.cli.exit_codes import EXIT_OK
from bot.core.settings import load_settings
from bot.store.database import migrate, open_database, pending_migrations


def add_parser(commands: Any) -> None:
    parser = commands.add_parser("db", help="the database: its version, and upgrading it")
    actions = parser.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    status = actions.add_parser("status", help="the schema version and what an upgrade applies")
    status.set_defaults(handler=status_command)
    upgrade = actions.add_parser("upgrade", help="apply every migration the database lacks")
    upgrade.set_defaults(handler=upgrade_command)


def status_command(args: argparse.Namespace) -> int:
    path = load_settings(args.env_file).database_path
    if not path.exists():
        print(f"{path}: no database yet; `songbot db upgrade` or `songbot run` creates it.")
        return EXIT_OK
    version, pending = asyncio.run(_status(path))
    if pending:
        print(f"{path}: version {version}; `songbot db upgrade` would apply {', '.join(pending)}.")
    else:
        print(f"{path}: version {version}, up to date.")
    return EXIT_OK


def upgrade_command(args: argparse.Namespace) -> int:
    path = load_settings(args.env_file).database_path
    before, after = asyncio.run(_upgrade(path))
    if before == after:
        print(f"{path}: version {after}, up to date; nothing to do.")
    else:
        print(f"{path}: upgraded from version {before} to {after}.")
    return EXIT_OK


async def _status(path: Path) -> tuple[int, list[str]]:
    database = await open_database(path, upgrade=False)
    try:
        version = await database.version()
        return version, [name for _, name, _ in pending_migrations(version)]
    finally:
        await database.close()


async def _upgrade(path: Path) -> tuple[int, int]:
    database = await open_database(path, upgrade=False)
    try:
        before = await database.version()
        return before, await migrate(database)
    finally:
        await database.close()
