"""Sessions in SQLite: lines keep their order per section, rules are stored and logged."""

from __future__ import annotations

import pytest

from bot.store import Database, jams
from bot.store.jams import JamRepository, JamSettings

GUILD = 1


async def new_session(database: Database) -> int:
    async with database.transaction() as db:
        return await jams.create_session(db, {
            "guild_id": GUILD, "channel_id": 2, "host_id": 3, "host_name": "Host",
            "title": "T", "style": None, "mode": "open", "now": 100.0,
        })  # fmt: skip


async def add(database: Database, session_id: int, section: str, text: str, at: float) -> int:
    async with database.transaction() as db:
        return await jams.insert_line(db, {
            "session_id": session_id, "section": section, "text": text, "author_id": 7,
            "author_name": "Ana", "status": "live", "now": at,
        })  # fmt: skip


async def test_lines_are_appended_per_section_and_moved_to_the_end(database: Database) -> None:
    repo = JamRepository(database)
    session_id = await new_session(database)
    a = await add(database, session_id, "verse-1", "a", 1.0)
    await add(database, session_id, "chorus", "c", 2.0)
    b = await add(database, session_id, "verse-1", "b", 3.0)
    lines = {line.id: line for line in await repo.lines(session_id)}
    assert (lines[a].position, lines[b].position) == (1, 2)
    async with database.transaction() as db:
        await jams.move_line(db, a, "chorus")
        assert await jams.author_counts(db, session_id, 7, since=2.0) == (3, 2)
        assert await jams.open_sessions(db, GUILD) == 1
    moved = await repo.line(a)
    assert moved is not None
    assert (moved.section, moved.position) == ("chorus", 2)


async def test_settings_are_stored_and_logged(database: Database) -> None:
    repo = JamRepository(database)
    assert await repo.settings(GUILD) == JamSettings()
    await repo.set_settings(GUILD, {"line_chars": 80, "idle_hours": 2.5}, by=9, change="x")
    await repo.set_settings(GUILD, {"line_chars": None})
    assert await repo.settings(GUILD) == JamSettings(idle_hours=2.5)
    async with database.reading() as db:
        rows = await db.fetch("SELECT user_id, change FROM settings_log")
    assert [tuple(r) for r in rows] == [(9, "x")]
    with pytest.raises(ValueError, match="not a session setting"):
        await repo.set_settings(GUILD, {"line_chars; DROP TABLE x": 1})


async def test_only_known_session_columns_are_updated(database: Database) -> None:
    session_id = await new_session(database)
    async with database.transaction() as db:
        await jams.update_session(db, session_id, state="locked", turn_user_id=None)
        with pytest.raises(ValueError, match="not a session column"):
            await jams.update_session(db, session_id, guild_id=5)
    session = await JamRepository(database).session(session_id)
    assert session is not None
    assert session.state == "locked"
