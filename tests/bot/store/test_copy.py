"""``bot.store.copy`` knows every table and column of both backends' schemas."""

from __future__ import annotations

from bot.store import Database
from bot.store.copy import TABLES


async def schema(database: Database) -> dict[str, set[str]]:
    async with database.reading() as db:
        if database.backend == "sqlite":
            # gallery_search (and its FTS5 shadow tables) is an index kept by triggers, which
            # the copied rows fill: not a table to copy
            tables = [name for (name,) in await db.fetch(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'gallery_search%'")]  # fmt: skip
            return {t: {row[1] for row in await db.fetch(f"PRAGMA table_info({t})")}
                    for t in tables}  # fmt: skip
        rows = await db.fetch(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name != 'songbot_schema'"
            " AND is_generated = 'NEVER'"  # a column PostgreSQL computes is not copied
        )
    found: dict[str, set[str]] = {}
    for table, column in rows:
        found.setdefault(table, set()).add(column)
    return found


async def test_the_copy_names_every_column(database: Database) -> None:
    assert await schema(database) == {table: set(columns) for table, columns in TABLES.items()}
