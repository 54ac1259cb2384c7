"""The servers the bot is in: each shard's ready replaces its own, joins and leaves between."""

from __future__ import annotations

from bot.store import Database
from bot.store.bot_guilds import ALL_SHARDS, BotGuildRepository


async def _servers(database: Database) -> dict[int, int]:
    async with database.reading() as db:
        rows = await db.fetch("SELECT guild_id, shard_id FROM bot_guilds")
    return {int(guild): int(shard) for guild, shard in rows}


async def test_each_shard_keeps_its_own_servers(database: Database) -> None:
    servers = BotGuildRepository(database, clock=lambda: 1.0)
    await servers.ready(0, [10, 12])
    await servers.ready(1, [11, 13])
    await servers.ready(0, [12, 14])  # shard 0 again: 10 was left while it was away
    assert await _servers(database) == {11: 1, 12: 0, 13: 1, 14: 0}
    await servers.joined(15, 1)
    await servers.joined(12, 1)  # a server moves when the shard count changes
    await servers.left(13)
    assert await _servers(database) == {11: 1, 12: 1, 14: 0, 15: 1}
    await servers.ready(ALL_SHARDS, [20])  # one connection for all: every row is its own
    assert await _servers(database) == {20: 0}
    await servers.ready(ALL_SHARDS, [])
    assert await _servers(database) == {}
