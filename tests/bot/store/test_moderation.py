"""Moderator settings round-trip, and every change is logged with who made it."""

from __future__ import annotations

import pytest

from bot.store import Database, ModerationRepository

GUILD, MOD = 1, 900


async def test_limits_roles_channels_timezone(database: Database) -> None:
    repo = ModerationRepository(database)
    await repo.set_limits(GUILD, MOD, {"member_daily": 3, "cooldown_seconds": 60}, "limits A")
    await repo.set_limits(GUILD, MOD, {"cooldown_seconds": None}, "limits B")
    await repo.set_role_limit(GUILD, MOD, 7, 10, "role 7: 10")
    await repo.set_role_limit(GUILD, MOD, 8, None, "role 8: unlimited")
    await repo.set_channel(GUILD, MOD, 55, allowed=True, describe="allow 55")
    await repo.set_timezone(GUILD, MOD, "Europe/Paris", "timezone set to Europe/Paris")
    policy = await repo.policy(GUILD)
    assert policy.member_daily == 3
    assert policy.cooldown_seconds is None
    assert policy.role_daily == {7: 10, 8: None}
    assert policy.allowed_channels == frozenset({55})
    assert policy.timezone == "Europe/Paris"
    assert await repo.clear_role_limit(GUILD, MOD, 7, "clear 7")
    assert not await repo.clear_role_limit(GUILD, MOD, 7, "clear 7 again")
    log = await repo.recent_changes(GUILD, limit=10)
    assert [e.change for e in log][:2] == ["clear 7", "timezone set to Europe/Paris"]
    assert all(e.user_id == MOD for e in log)


async def test_blocks(database: Database) -> None:
    repo = ModerationRepository(database)
    await repo.block(GUILD, MOD, 100, "spam", "block 100")
    assert [b.user_id for b in await repo.blocks(GUILD)] == [100]
    assert await repo.unblock(GUILD, MOD, 100, "unblock 100")
    assert await repo.blocks(GUILD) == []


async def test_unknown_limit_is_refused(database: Database) -> None:
    with pytest.raises(ValueError, match="unknown limits"):
        await ModerationRepository(database).set_limits(GUILD, MOD, {"x; DROP": 1}, "x")


async def test_other_servers_are_untouched(database: Database) -> None:
    repo = ModerationRepository(database)
    await repo.set_limits(GUILD, MOD, {"member_daily": 1}, "x")
    assert (await repo.policy(2)).member_daily is None


async def test_changes_grouped_in_one_transaction_stand_or_fall_together(
    database: Database,
) -> None:
    repo = ModerationRepository(database)

    async def pause_then_fail() -> None:
        async with repo.changing(GUILD) as connection:
            await repo.set_queue(GUILD, MOD, paused=True, describe="paused", connection=connection)
            await repo.set_limits(GUILD, MOD, {"nope": 1}, "x", connection=connection)

    with pytest.raises(ValueError, match="unknown limits"):
        await pause_then_fail()
    assert not (await repo.policy(GUILD)).queue_paused
    assert await repo.recent_changes(GUILD) == []
