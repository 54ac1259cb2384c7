"""The moderators' log channel's store, on both backends: a chosen channel starts with its own
change, the settings log's rows after the cursor and the notices are what is pending, one
process claims each minute, and a stopped log gathers nothing."""

from __future__ import annotations

from bot.store import Database, ModerationRepository
from bot.store.modlog import LogChannel

GUILD, OTHER, MOD, CHANNEL = 1, 2, 900, 50


async def chosen(repo: ModerationRepository, guild: int = GUILD) -> LogChannel:
    await repo.log_channels.choose(guild, CHANNEL, by=MOD, change=f"log channel set to {CHANNEL}")
    log = await repo.log_channels.channel(guild)
    assert log is not None
    return log


async def test_a_chosen_channel_tells_what_comes_after_it(database: Database) -> None:
    repo = ModerationRepository(database)
    await repo.set_timezone(GUILD, MOD, "Asia/Tokyo", "timezone set to Asia/Tokyo")  # before
    log = await chosen(repo)
    await repo.block(GUILD, MOD, 77, None, "blocked 77")
    await repo.log_channels.note([GUILD, OTHER], "paused", 5.0)  # OTHER has no log

    pending = await repo.log_channels.pending(log, 10)

    assert [(e.text, e.by) for e in pending if e.settings_id] == [
        (f"log channel set to {CHANNEL}", MOD),
        ("blocked 77", MOD),
    ]
    assert pending[0].text == "paused"  # oldest first
    assert [c.guild_id for c in await repo.log_channels.due(0.0)] == [GUILD]

    await repo.log_channels.told(GUILD, pending)
    after = await repo.log_channels.channel(GUILD)
    assert after is not None
    assert await repo.log_channels.pending(after, 10) == []
    assert await repo.log_channels.due(0.0) == []


async def test_one_claim_a_minute(database: Database) -> None:
    repo = ModerationRepository(database)
    log = await chosen(repo)
    assert await repo.log_channels.claim(log, 100.0)
    assert not await repo.log_channels.claim(log, 100.5)  # another process looked before
    assert await repo.log_channels.due(99.0) == []  # its latest went at 100
    assert [c.guild_id for c in await repo.log_channels.due(100.0)] == [GUILD]


async def test_a_stopped_log_gathers_nothing_until_chosen_again(database: Database) -> None:
    repo = ModerationRepository(database)
    await chosen(repo)
    await repo.log_channels.note([GUILD], "paused", 5.0)
    await repo.log_channels.stopped(GUILD, CHANNEL, "the channel 50 is gone")
    await repo.log_channels.note([GUILD], "resumed", 6.0)

    log = await repo.log_channels.channel(GUILD)
    assert log is not None
    assert log.problem == "the channel 50 is gone"
    assert await repo.log_channels.listening() == []
    assert await repo.log_channels.due(1e12) == []

    log = await chosen(repo)
    assert log.problem is None
    assert [e.text for e in await repo.log_channels.pending(log, 10)] == [
        f"log channel set to {CHANNEL}"
    ]


async def test_turned_off(database: Database) -> None:
    repo = ModerationRepository(database)
    await chosen(repo)
    await repo.log_channels.note([GUILD], "paused", 5.0)
    await repo.log_channels.choose(GUILD, None, by=MOD, change="log channel off")
    assert await repo.log_channels.channel(GUILD) is None
    assert await repo.log_channels.due(1e12) == []
    [latest, *_] = await repo.recent_changes(GUILD)
    assert latest.change == "log channel off"
