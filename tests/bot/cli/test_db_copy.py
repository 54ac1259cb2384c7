"""``songbot db copy``: a server's history moved from SQLite to PostgreSQL and back, whole."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.features.usage.reservations import Reservations, Reserved
from bot.soundverse import JobState
from bot.soundverse.events import parse_event
from bot.store import Ask, Database, GenerationRepository, ModerationRepository, open_database
from bot.store.copy import TABLES
from bot.store.database import migrations
from bot.store.jams import JamRepository, NewLine, NewSession
from bot.store.sqlite import SqliteDatabase
from tests.bot.cli.conftest import Songbot, clean_env

GUILD, MOD = 1, 900


async def fill(database: Database) -> None:
    """A little of everything: songs in each state, settings, a session with lines and votes."""
    moderation = ModerationRepository(database)
    await moderation.set_limits(GUILD, MOD, {"member_daily": 5, "guild_waiting": 9}, "limits")
    await moderation.set_role_limit(GUILD, MOD, 77, None, "role")
    await moderation.set_channel(GUILD, MOD, 10, allowed=True, describe="channel")
    await moderation.block(GUILD, MOD, 666, "spam", "block")
    reservations, songs = Reservations(database), GenerationRepository(database)
    for user in (100, 100, 200):
        slot = await reservations.reserve(Ask(GUILD, 10, user, frozenset(), "rain", "generated"))
        assert isinstance(slot, Reserved)
        await songs.claim(slot.id)
        await songs.started(slot.id, f"job-{slot.id}")
        state = JobState()
        state.apply(parse_event({"status": "completed", "version": 1, "audio_url": "a",
                                 "tokens": 3, "duration": 1.5}))  # fmt: skip
        await songs.completed(slot.id, state)
        await songs.add_message(slot.id, 10, 5000 + slot.id)
    jams = JamRepository(database)
    async with jams.opening(GUILD) as db:
        new = NewSession(GUILD, 10, 100, "Ann", "Rain", None, "approve", 1.0)
        session = await jams.create_session(new, connection=db)
    line = await jams.insert_line(NewLine(session, "verse-1", "la", 100, "Ann", "pending", 2.0))
    await jams.join(session, 200, "Bo")
    await jams.vote(session, line, 200, approve=True)
    await jams.set_settings(GUILD, {"line_chars": 80}, by=MOD, change="jam")


async def contents(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    found = {}
    async with database.reading() as db:
        for table, columns in TABLES.items():
            rows = await db.fetch(f"SELECT {', '.join(columns)} FROM {table}")  # noqa: S608
            found[table] = sorted((tuple(_plain(v) for v in row) for row in rows), key=repr)
    return found


def _plain(value: Any) -> Any:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


async def test_copy_to_postgresql_and_back_keeps_every_row(
    songbot: Songbot, tmp_path: Path, empty_postgres_url: str
) -> None:
    source_path = tmp_path / "songbot.db"
    source = await open_database(source_path)
    await fill(source)
    before = await contents(source)
    await source.close()

    there = await songbot("db", "copy", "--from", f"sqlite:///{source_path}",
                          "--to", empty_postgres_url, env=clean_env())  # fmt: skip
    assert there.code == 0, there.err
    assert "every table's count matches" in there.out
    lines = {line.split()[0]: line.split()[1:4] for line in there.out.splitlines()[:-1]}
    assert lines["generations"] == ["3", "→", "3"]
    assert lines["jam_votes"] == ["1", "→", "1"]
    copied = await open_database(empty_postgres_url)
    assert await contents(copied) == before
    after_copy = await Reservations(copied).reserve(Ask(GUILD, 10, 300, frozenset(), "x", "g"))
    assert isinstance(after_copy, Reserved)
    assert after_copy.id == 4  # new ids follow the copied ones
    now_there = await contents(copied)
    await copied.close()

    back_path = tmp_path / "back.db"
    back = await songbot("db", "copy", "--from", empty_postgres_url,
                         "--to", f"sqlite:///{back_path}", env=clean_env())  # fmt: skip
    assert back.code == 0, back.err
    returned = await open_database(back_path)
    assert isinstance(returned, SqliteDatabase)
    round_trip = await contents(returned)
    await returned.close()
    assert round_trip == now_there


async def test_copy_refuses_a_target_that_has_rows(
    songbot: Songbot, tmp_path: Path, postgres_url: str
) -> None:
    target = await open_database(postgres_url)
    await fill(target)
    await target.close()
    source_path = tmp_path / "songbot.db"
    source = await open_database(source_path)
    await fill(source)
    await source.close()
    result = await songbot("db", "copy", "--from", f"sqlite:///{source_path}",
                           "--to", postgres_url, env=clean_env())  # fmt: skip
    assert result.code == 1
    assert result.out.strip() == (
        "songbot db copy: the target already has rows in generations: copy into an empty one."
    )


async def test_copy_from_a_file_that_is_not_there_is_one_line(
    songbot: Songbot, tmp_path: Path
) -> None:
    result = await songbot("db", "copy", "--from", f"sqlite:///{tmp_path}/none.db",
                           "--to", f"sqlite:///{tmp_path}/b.db", env=clean_env())  # fmt: skip
    assert result.code == 2
    [line] = result.err.splitlines()
    assert line == f"songbot: --from names {tmp_path}/none.db, which does not exist."


async def test_status_of_a_postgresql_database_hides_the_password(
    songbot: Songbot, empty_postgres_url: str
) -> None:
    with_password = empty_postgres_url.replace("songbot@", "songbot:secret@")
    made = await songbot("db", "upgrade", env=clean_env(DATABASE_URL=with_password))
    assert made.code == 0, made.err
    assert "secret" not in made.out
    latest = len(migrations("postgresql"))
    assert made.out.strip().endswith(f"upgraded from version 0 to {latest}.")
