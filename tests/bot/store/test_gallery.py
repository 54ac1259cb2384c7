"""The gallery's reads on both backends: shown songs only, search by word starts, pages."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.store import Database, migrate, open_database
from bot.store.bot_guilds import ALL_SHARDS, BotGuildRepository
from bot.store.database import migrations
from bot.store.gallery import GalleryRepository, Query


async def _song(database: Database, guild: int, name: str, **values: object) -> int:
    row = {"guild_id": guild, "channel_id": 1, "user_id": 2, "job_id": name, "status": "completed",
           "song_name": name, "prompt": "waves at night", "requester": "Ana",
           "created_at": time.time(), "updated_at": time.time(), **values}  # fmt: skip
    async with database.transaction() as db:
        rows = await db.fetch(
            f"INSERT INTO generations ({', '.join(row)}) VALUES"  # noqa: S608 - test's own names
            f" ({', '.join('?' for _ in row)}) RETURNING id",
            tuple(row.values()),
        )
    return int(rows[0][0])


async def test_search_pages_and_hiding(database: Database) -> None:
    repo = GalleryRepository(database)
    first = await _song(database, 1, "Ocean Drive")
    await _song(database, 1, "Mountain Song", prompt="snow", requester="Bo")
    await _song(database, 1, "Ocean Gone", deleted_at=1.0)
    await _song(database, 2, "Ocean Elsewhere")
    names = [s.song_name for s in await repo.songs(Query(1, ("oce",)))]
    assert names == ["Ocean Drive"]
    assert [s.song_name for s in await repo.songs(Query(1, ("bo", "sno")))] == ["Mountain Song"]
    assert [s.song_name for s in await repo.songs(Query(1, ("it's",)))] == []
    page = await repo.songs(Query(1, limit=1))
    assert [s.song_name for s in page] == ["Mountain Song"]
    after = await repo.songs(Query(1, after=(page[0].plays, page[0].id), limit=5))
    assert [s.song_name for s in after] == ["Ocean Drive"]
    await repo.played(first)
    assert (await repo.songs(Query(1, by_plays=True)))[0].song_name == "Ocean Drive"
    await repo.hide(first)
    assert [s.song_name for s in await repo.songs(Query(1))] == ["Mountain Song"]
    assert await repo.song(1, "Ocean Drive") is None
    assert await repo.servers([1, 2, 3]) == {}  # the bot is in none of them yet
    await BotGuildRepository(database).ready(ALL_SHARDS, [1, 2])
    assert await repo.servers([1, 2, 3]) == {1: "off", 2: "off"}


async def _found(database: Database, *words: str) -> list[str | None]:
    return [s.song_name for s in await GalleryRepository(database).songs(Query(1, words))]


async def test_a_song_is_found_by_its_words_once_it_completes(database: Database) -> None:
    song = await _song(database, 1, "j1", song_name=None, status="running", prompt="waves")
    assert await _found(database, "wav") == []
    async with database.transaction() as db:
        await db.execute(
            "UPDATE generations SET status = 'completed', song_name = 'Ocean Drive' WHERE id = ?",
            (song,),
        )
    assert await _found(database, "oce", "wav") == ["Ocean Drive"]
    async with database.transaction() as db:  # a completed song's words change: the new ones
        await db.execute("UPDATE generations SET prompt = 'rain' WHERE id = ?", (song,))
    assert (await _found(database, "wav"), await _found(database, "rai")) == ([], ["Ocean Drive"])


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_an_upgraded_database_searches_its_completed_songs_as_before(
    request: pytest.FixtureRequest, tmp_path: Path, backend: str
) -> None:
    url: str | Path = tmp_path / "songbot.db"
    if backend == "postgresql":
        url = request.getfixturevalue("empty_postgres_url")
    old = await open_database(url, upgrade=False)
    await migrate(old, target=len(migrations(backend)) - 1)  # before the search's migration
    for status in ("queued", "running", "completed", "failed", "released"):
        await _song(old, 1, f"Ocean {status}", status=status)
    await old.close()
    database = await open_database(url)
    try:
        assert await _found(database, "oce") == ["Ocean completed"]
        async with database.reading() as db:  # the other songs' words are indexed no more
            indexed = await db.fetch(
                "SELECT COUNT(*) FROM gallery_search"
                if backend == "sqlite"
                else "SELECT COUNT(*) FROM generations WHERE search_words IS NOT NULL"
            )
        assert indexed == [(1,)]
    finally:
        await database.close()
