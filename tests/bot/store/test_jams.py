"""Sessions in both backends: lines keep their order per section, rules are stored and logged,
each change sets its own columns, and a use case's transaction groups calls."""

from __future__ import annotations

import pytest

from bot.store import Database
from bot.store.jams import JamRepository, JamSettings, NewLine, NewSession

GUILD = 1


async def new_session(repo: JamRepository) -> int:
    async with repo.opening(GUILD) as db:
        new = NewSession(GUILD, 2, 3, "Host", "T", None, "open", 100.0)
        return await repo.create_session(new, connection=db)


async def add(repo: JamRepository, session_id: int, section: str, text: str, at: float) -> int:
    return await repo.insert_line(NewLine(session_id, section, text, 7, "Ana", "live", at))


async def test_lines_are_appended_per_section_and_moved_to_the_end(database: Database) -> None:
    repo = JamRepository(database)
    session_id = await new_session(repo)
    a = await add(repo, session_id, "verse-1", "a", 1.0)
    await add(repo, session_id, "chorus", "c", 2.0)
    b = await add(repo, session_id, "verse-1", "b", 3.0)
    lines = {line.id: line for line in await repo.lines(session_id)}
    assert (lines[a].position, lines[b].position) == (1, 2)
    async with repo.locked(session_id) as db:
        await repo.move_line(session_id, a, "chorus", connection=db)
        assert await repo.author_counts(session_id, 7, since=2.0, connection=db) == (3, 2)
        assert await repo.open_sessions(GUILD, connection=db) == 1
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


async def test_each_change_sets_its_own_columns(database: Database) -> None:
    repo = JamRepository(database)
    session_id = await new_session(repo)
    await repo.set_state(session_id, "locked")
    await repo.reveal(session_id)
    await repo.hand_over(session_id, 8, "Ben")
    await repo.set_style(session_id, "shanty")
    await repo.set_turn(session_id, 8, 500.0)
    await repo.touch(session_id, 200.0)
    session = await repo.session(session_id)
    assert session is not None
    assert (session.state, session.revealed, session.host_id, session.host_name) == (
        "locked", True, 8, "Ben")  # fmt: skip
    assert (session.style, session.turn_user_id, session.turn_deadline) == ("shanty", 8, 500.0)
    assert session.active_at == 200.0
    await repo.end(session_id, 300.0, "done")
    ended = await repo.session(session_id)
    assert ended is not None
    assert (ended.state, ended.ended_at, ended.end_reason) == ("ended", 300.0, "done")
    assert (ended.turn_user_id, ended.turn_deadline) == (None, None)
    assert await repo.live_sessions() == []


async def test_members_join_leave_and_vote(database: Database) -> None:
    repo = JamRepository(database)
    session_id = await new_session(repo)
    line = await repo.insert_line(NewLine(session_id, "verse-1", "x", 7, "Ana", "pending", 1.0))
    await repo.join(session_id, 7, "Ana")
    await repo.join(session_id, 8, "Ben")
    await repo.leave(session_id, 7)
    await repo.join(session_id, 8, "Benjamin")
    members = await repo.members(session_id)
    assert [(m.user_id, m.name, m.seat, m.joined) for m in members] == [
        (7, "Ana", 1, False), (8, "Benjamin", 2, True)]  # fmt: skip
    await repo.vote(session_id, line, 7, approve=True)
    await repo.vote(session_id, line, 8, approve=False)
    await repo.vote(session_id, line, 8, approve=True)
    assert await repo.votes(line) == (2, 0)
    await repo.set_line(session_id, line, "live")
    await repo.suggestion_message(line, 99)
    written = await repo.line(line)
    assert written is not None
    assert (written.status, written.message_id) == ("live", 99)


async def test_a_use_cases_transaction_is_rolled_back_whole(database: Database) -> None:
    repo = JamRepository(database)
    session_id = await new_session(repo)

    async def write_then_fail() -> None:
        async with repo.locked(session_id) as db:
            line = NewLine(session_id, "verse-1", "lost", 7, "Ana", "live", 1.0)
            await repo.insert_line(line, connection=db)
            await repo.touch(session_id, 50.0, connection=db)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        await write_then_fail()
    assert await repo.lines(session_id) == []
    session = await repo.session(session_id)
    assert session is not None
    assert session.active_at == 100.0
