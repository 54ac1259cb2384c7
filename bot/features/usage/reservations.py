"""Taking a usage slot: the store's queries and the pure limit check, in one transaction, so
fifty simultaneous requests from a member whose limit is three make exactly three songs, in
one process or spread over several sharing PostgreSQL (the transaction holds the server's
lock, :func:`bot.store.sql.guild_lock`)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from bot.features.usage.policy import Policy, Refusal, check, day_bounds
from bot.store import Ask, Database
from bot.store.leases import Owner
from bot.store.policy import load_policy
from bot.store.reservation_steps import counts, insert_reserved
from bot.store.sql import Steps, guild_lock


@dataclass(frozen=True, slots=True)
class Reserved:
    """A slot taken: the new song's id, and the server's policy it was taken under (the queue
    needs its caps and mode)."""

    id: int
    policy: Policy

    @property
    def waits(self) -> bool:
        """Whether the song queues beyond the caps (else it was checked against them here)."""
        return self.policy.queue_mode == "queue"


class Reservations:
    def __init__(self, database: Database, owner: Owner | None = None) -> None:
        self._db = database
        self._owner = owner  # this process: it holds the lease of each song it reserves
        # guild -> (settings version, policy). Only a cache: the version is read from the
        # database inside every reservation, so no process relies on its own memory.
        self._policies: dict[int, tuple[int, Policy]] = {}

    async def reserve(self, ask: Ask, *, now: float | None = None) -> Reserved | Refusal:
        """Check every limit and take a slot in one transaction: the new song, or why not.

        On a server that queues beyond its caps, the song joins the queue (its concurrency caps
        are the queue's to apply); on one that refuses, they are checked here and the song is
        reserved at once. On SQLite the whole transaction is one trip to the database's thread."""
        now = time.time() if now is None else now
        cached = self._policies.get(ask.guild_id)
        outcome, known = await self._db.run(
            _reserve(ask=ask, now=now, cached=cached, owner=self._owner),
            lock=guild_lock(ask.guild_id),
        )
        self._policies[ask.guild_id] = known
        return outcome


def _reserve(
    *, ask: Ask, now: float, cached: tuple[int, Policy] | None, owner: Owner | None
) -> Steps[tuple[Reserved | Refusal, tuple[int, Policy]]]:
    """The reservation's steps: the outcome, and the policy it used with its settings version
    (for the cache)."""
    policy = cached[1] if cached else (yield from load_policy(ask.guild_id))
    day_start, _ = day_bounds(now, policy.timezone)
    current, blocked, version = yield from counts(ask, day_start)
    if cached is not None and cached[0] != version:  # changed, by whichever process
        fresh = yield from load_policy(ask.guild_id)
        if fresh.timezone != policy.timezone:  # the day starts elsewhere: count again
            day_start, _ = day_bounds(now, fresh.timezone)
            current, blocked, version = yield from counts(ask, day_start)
        policy = fresh
    refusal = check(
        policy,
        current,
        now=now,
        channel_id=ask.rules_channel_id or ask.channel_id,
        role_ids=ask.role_ids,
        blocked=blocked,
    )
    if refusal is not None:
        return refusal, (version, policy)
    queued = policy.queue_mode == "queue"
    song_id = yield from insert_reserved(ask, now, queued=queued, owner=owner)
    return Reserved(song_id, policy), (version, policy)
