"""A server's policy, read as steps inside a transaction of the caller's."""

from __future__ import annotations

from bot.store import Database, ModerationRepository
from bot.store.policy import load_policy
from bot.store.records import Policy
from bot.store.sql import drive

GUILD, MOD = 1, 900


async def test_a_server_never_changed_has_the_defaults(database: Database) -> None:
    async with database.reading() as db:
        assert await drive(db, load_policy(GUILD)) == Policy()


async def test_queue_settings_are_read_beside_the_limits(database: Database) -> None:
    repo = ModerationRepository(database)
    await repo.set_queue(GUILD, MOD, mode="refuse", paused=True, describe="refuse, paused")
    await repo.set_limits(GUILD, MOD, {"guild_waiting": 4}, "waiting 4")
    async with database.transaction() as db:
        policy = await drive(db, load_policy(GUILD))
    assert (policy.queue_mode, policy.queue_paused, policy.guild_waiting) == ("refuse", True, 4)
    assert policy.timezone == "UTC"
