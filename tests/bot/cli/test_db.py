"""``songbot db status`` and ``songbot db upgrade``: the schema without Discord or a token;
``songbot run`` refusing a database it cannot use, in one line."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.store.database import migrations
from tests.bot.cli.conftest import Songbot, clean_env

LATEST = migrations()[-1][0]


def env_for(path: Path) -> dict[str, str]:
    return clean_env(DATABASE_URL=f"sqlite:///{path}")


def at_version(path: Path, version: int) -> Path:
    """A database file that says it is at ``version`` (creating it if need be)."""
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {version}")
    return path


async def test_status_then_upgrade_then_nothing_to_do(songbot: Songbot, tmp_path: Path) -> None:
    db = tmp_path / "data" / "songbot.db"
    missing = await songbot("db", "status", env=env_for(db))
    assert (missing.code, missing.err) == (0, "")
    assert "no database yet" in missing.out
    assert not db.exists()  # looking creates nothing

    made = await songbot("db", "upgrade", env=env_for(db))
    assert made.code == 0
    assert made.out.strip() == f"{db}: upgraded from version 0 to {LATEST}."
    again = await songbot("db", "upgrade", env=env_for(db))
    assert again.out.strip() == f"{db}: version {LATEST}, up to date; nothing to do."
    status = await songbot("db", "status", env=env_for(db))
    assert status.out.strip() == f"{db}: version {LATEST}, up to date."


async def test_status_names_what_an_upgrade_would_apply(songbot: Songbot, tmp_path: Path) -> None:
    db = tmp_path / "songbot.db"
    await songbot("db", "upgrade", env=env_for(db))
    at_version(db, LATEST - 1)
    status = await songbot("db", "status", env=env_for(db))
    assert status.code == 0
    assert status.out.strip().endswith(f"would apply {migrations()[-1][1]}.")


async def test_a_database_from_a_newer_songbot_is_one_line_and_left_alone(
    songbot: Songbot, tmp_path: Path
) -> None:
    db = at_version(tmp_path / "songbot.db", LATEST + 1)
    for action in ("status", "upgrade"):
        result = await songbot("db", action, env=env_for(db))
        assert result.code == 2
        assert result.out == ""
        [line] = result.err.splitlines()
        assert line.startswith(f"songbot: the database is at version {LATEST + 1}, newer than")
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST + 1


def run_env(database_url: str) -> dict[str, str]:
    """What ``songbot run`` needs, with Discord and the API nowhere: it must stop at the
    database."""
    nowhere = "http://127.0.0.1:9"
    return clean_env(
        DATABASE_URL=database_url, DISCORD_TOKEN="abc.def.ghi", SOUNDVERSE_API_KEY="k",
        DISCORD_API_URL=f"{nowhere}/api/v10", DISCORD_GATEWAY_URL="ws://127.0.0.1:9",
        SOUNDVERSE_API_URL=nowhere,
    )  # fmt: skip


async def test_run_refuses_a_database_from_a_newer_songbot_in_one_line(
    songbot: Songbot, tmp_path: Path
) -> None:
    db = at_version(tmp_path / "songbot.db", LATEST + 1)
    result = await songbot("run", env=run_env(f"sqlite:///{db}"))
    assert result.code == 2
    [line] = result.err.splitlines()
    assert "newer than this songbot" in line


async def test_run_with_an_unreachable_postgresql_is_one_line(songbot: Songbot) -> None:
    result = await songbot("run", env=run_env("postgresql://songbot:hunter2@127.0.0.1:9/songbot"))
    assert result.code == 2
    [line] = result.err.splitlines()
    assert line.startswith("songbot: cannot reach PostgreSQL at postgresql://songbot@127.0.0.1:9/")
    assert "hunter2" not in result.err


def unusable_urls(tmp_path: Path) -> dict[str, tuple[str, str]]:
    """Database URLs that cannot work, and what the one line says of each."""
    (tmp_path / "notes.txt").write_text("not a database, just words\n" * 10)
    (tmp_path / "folder").mkdir()
    (tmp_path / "a-file").write_text("")
    (tmp_path / "broken").symlink_to(tmp_path / "nowhere")
    return {
        "not a database": (f"sqlite:///{tmp_path}/notes.txt", "which is not a SQLite database"),
        "no path": ("sqlite:///", "names no file"),
        "a folder": (f"sqlite:///{tmp_path}/folder", "which is a folder"),
        "under a file": (f"sqlite:///{tmp_path}/a-file/x.db", "its folder cannot be made"),
        "under a broken link": (f"sqlite:///{tmp_path}/broken/x.db", "folder cannot be made"),
        "a port that is no port": ("postgresql://u@127.0.0.1:99999/x", "port is not a number"),
    }


UNUSABLE = (
    "not a database",
    "no path",
    "a folder",
    "under a file",
    "under a broken link",
    "a port that is no port",
)


@pytest.mark.parametrize("case", UNUSABLE)
async def test_an_unusable_database_url_is_one_line_naming_the_setting(
    songbot: Songbot, tmp_path: Path, case: str
) -> None:
    url, words = unusable_urls(tmp_path)[case]
    for args in (("db", "upgrade"), ("db", "status"), ("run",)):
        result = await songbot(*args, env=run_env(url))
        if args == ("db", "status") and case.startswith("under"):
            assert result.code == 0  # looking at a database that is not there yet is fine
            continue
        assert result.code == 2, (args, result.err)
        [line] = result.err.splitlines()
        assert line.startswith("songbot: DATABASE_URL ") or "PostgreSQL" in line, line
        assert words in line
        assert result.out == ""
