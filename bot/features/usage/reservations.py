"""Taking a usage slot: the store's queries and the pure limit check, in one transaction, so
fifty simultaneous requests from a member whose limit is three make exactly three songs."""

from __future__ import annotations

import time

import aiosqlite

from bot.features.usage.policy import Policy, Refusal, check, day_bounds
from bot.store import Ask, Database
from bot.store.generations import counts, insert_reserved
from bot.store.moderation import load_policy


class Reservations:
    def __init__(self, database: Database) -> None:
        self._db = database
        self._policies: dict[int, tuple[int, Policy]] = {}  # guild -> (settings version, policy)

    async def reserve(self, ask: Ask, *, now: float | None = None) -> int | Refusal:
        """Check every limit and take a slot in one transaction: the new row's id, or why not."""
        now = time.time() if now is None else now
        async with self._db.transaction() as db:
            policy = await self._policy(db, ask.guild_id)
            day_start, _ = day_bounds(now, policy.timezone)
            current, blocked = await counts(db, ask, day_start)
            refusal = check(
                policy, current, now=now, channel_id=ask.channel_id, role_ids=ask.role_ids,
                blocked=blocked,
            )  # fmt: skip
            if refusal is not None:
                return refusal
            return await insert_reserved(db, ask, now)

    async def _policy(self, db: aiosqlite.Connection, guild_id: int) -> Policy:
        version = self._db.settings_version
        cached = self._policies.get(guild_id)
        if cached is None or cached[0] != version:
            cached = (version, await load_policy(db, guild_id))
            self._policies[guild_id] = cached
        return cached[1]
