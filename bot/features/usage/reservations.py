"""Taking a usage slot: the store's queries and the pure limit check, in one transaction, so
fifty simultaneous requests from a member whose limit is three make exactly three songs."""

from __future__ import annotations

import time

from bot.features.usage.policy import Policy, Refusal, check, day_bounds
from bot.store import Ask, Database
from bot.store.generations import counts, insert_reserved
from bot.store.moderation import load_policy


class Reservations:
    def __init__(self, database: Database) -> None:
        self._db = database
        # guild -> (settings version, policy). Only a cache: the version is read from the
        # database inside every reservation, so no process relies on its own memory.
        self._policies: dict[int, tuple[int, Policy]] = {}

    async def reserve(self, ask: Ask, *, now: float | None = None) -> int | Refusal:
        """Check every limit and take a slot in one transaction: the new row's id, or why not."""
        now = time.time() if now is None else now
        async with self._db.transaction() as db:
            cached = self._policies.get(ask.guild_id)
            policy = cached[1] if cached else await load_policy(db, ask.guild_id)
            day_start, _ = day_bounds(now, policy.timezone)
            current, blocked, version = await counts(db, ask, day_start)
            if cached is not None and cached[0] != version:  # changed, by whichever process
                fresh = await load_policy(db, ask.guild_id)
                if fresh.timezone != policy.timezone:  # the day starts elsewhere: count again
                    day_start, _ = day_bounds(now, fresh.timezone)
                    current, blocked, version = await counts(db, ask, day_start)
                policy = fresh
            self._policies[ask.guild_id] = (version, policy)
            refusal = check(
                policy, current, now=now, channel_id=ask.rules_channel_id or ask.channel_id,
                role_ids=ask.role_ids,
                blocked=blocked,
            )  # fmt: skip
            if refusal is not None:
                return refusal
            return await insert_reserved(db, ask, now)
