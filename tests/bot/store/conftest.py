"""The store's contract: each test of a repository runs against both backends, a real SQLite
file in a temporary directory and a real PostgreSQL database of its own (``sqlite_database``,
for SQLite alone, is in the suite's conftest)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.store import Database, open_database


@pytest.fixture(params=["sqlite", "postgresql"])
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    if request.param == "postgresql":
        db = await open_database(request.getfixturevalue("postgres_url"))
    else:
        db = await open_database(tmp_path / "nested" / "songbot.db")
    yield db
    await db.close()
