"""Opening a database: each URL that cannot work is one line naming where it came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.settings import ConfigError
from bot.store.opening import backend_of, open_database


async def test_an_error_names_the_flag_or_setting_the_url_came_from(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^--from names .*, which is a folder"):
        await open_database(f"sqlite:///{tmp_path}", source="--from")
    with pytest.raises(ConfigError, match=r"^DATABASE_URL names no file"):
        await open_database("sqlite:///")
    with pytest.raises(ConfigError, match=r"^--to must start with sqlite:/// "):
        backend_of("mysql://x", "--to")


async def test_a_file_that_is_not_a_database_is_left_as_it_was(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("words, not a database\n" * 20)
    with pytest.raises(ConfigError, match="which is not a SQLite database"):
        await open_database(notes)
    assert notes.read_text() == "words, not a database\n" * 20


async def test_only_postgresql_is_shared_by_processes(tmp_path: Path) -> None:
    database = await open_database(tmp_path / "songbot.db")
    try:
        assert database.shared_by_processes is False
    finally:
        await database.close()
