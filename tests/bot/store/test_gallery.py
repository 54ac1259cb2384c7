"""The gallery's reads on both backends: shown songs only, search by word starts, pages."""

from __future__ import annotations

import time

from bot.store import Database
from bot.store.bot_guilds import ALL_SHARDS, BotGuildRepository
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
