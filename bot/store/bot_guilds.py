"""The servers the bot is in, as its shards last heard from Discord: written by the bot,
read by the web gallery (which has no gateway connection of its own)."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection

from bot.store.database import Database

_SEEN = (
    "INSERT INTO bot_guilds (guild_id, shard_id, seen_at) VALUES (?, ?, ?)"
    " ON CONFLICT (guild_id) DO UPDATE SET shard_id = excluded.shard_id, seen_at = excluded.seen_at"
)
ALL_SHARDS = None  # one connection to Discord for every server: its ready replaces every row


class BotGuildRepository:
    def __init__(self, database: Database, clock: Callable[[], float] = time.time) -> None:
        self._db = database
        self._clock = clock

    async def ready(self, shard_id: int | None, guild_ids: Collection[int]) -> None:
        """A shard is ready in these servers: they replace the shard's rows (or, for
        ``ALL_SHARDS``, every row). Other shards' rows are theirs to keep."""
        now = self._clock()
        async with self._db.transaction() as db:
            if shard_id is None:
                await db.execute("DELETE FROM bot_guilds")
            else:
                await db.execute("DELETE FROM bot_guilds WHERE shard_id = ?", (shard_id,))
            await db.execute_many(
                _SEEN,
                [(guild_id, shard_id or 0, now) for guild_id in set(guild_ids)],
            )

    async def joined(self, guild_id: int, shard_id: int) -> None:
        await self._db.write(
            _SEEN,
            (guild_id, shard_id, self._clock()),
        )

    async def left(self, guild_id: int) -> None:
        await self._db.write("DELETE FROM bot_guilds WHERE guild_id = ?", (guild_id,))
