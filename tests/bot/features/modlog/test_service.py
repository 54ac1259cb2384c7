"""The moderators' log's use case on a real SQLite store, with a fake clock and a poster that
records: what is told, a message a minute at most per server, batched beyond that, a restart
losing nothing, and a channel gone stopping the log quietly."""

from __future__ import annotations

import logging
import math
import time

import pytest

from bot.features.modlog.service import PACE, Failed, ModLog
from bot.store import Database, ModerationRepository

GUILD, OTHER, CHANNEL, MOD = 1, 2, 50, 900


class Clock:
    """Starts at the wall clock's now: the settings log stamps changes with the wall clock."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


class Poster:
    """Discord, as the log sees it: which servers this process serves, and what was posted."""

    def __init__(self, served: tuple[int, ...] = (GUILD,)) -> None:
        self.served = served
        self.posts: list[tuple[int, str]] = []
        self.failing: Failed | None = None

    def serves(self, guild_id: int) -> bool:
        return guild_id in self.served

    async def post(self, channel_id: int, text: str) -> Failed | None:
        if self.failing is not None:
            return self.failing
        self.posts.append((channel_id, text))
        return None


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def poster() -> Poster:
    return Poster()


@pytest.fixture
def moderation(sqlite_database: Database) -> ModerationRepository:
    return ModerationRepository(sqlite_database)


@pytest.fixture
async def modlog(moderation: ModerationRepository, poster: Poster, clock: Clock) -> ModLog:
    await moderation.log_channels.choose(
        GUILD, CHANNEL, by=MOD, change=f"log channel set to {CHANNEL}"
    )
    return ModLog(moderation.log_channels, poster, clock=clock)


async def test_a_settings_change_is_told_with_who_and_from_where(
    modlog: ModLog, moderation: ModerationRepository, poster: Poster, sqlite_database: Database
) -> None:
    await moderation.set_timezone(GUILD, MOD, "Europe/Paris", "timezone set to Europe/Paris")
    web = ModerationRepository(sqlite_database, front_end="web")  # the dashboard's
    await web.block(GUILD, 901, 77, "spam", "blocked 77: spam")

    assert await modlog.tick() == 1

    [(channel, text)] = poster.posts
    assert channel == CHANNEL
    first, second, third = text.splitlines()
    assert first.endswith(f"⚙️ <@{MOD}>: log channel set to <#{CHANNEL}>")
    assert second.endswith(f"⚙️ <@{MOD}>: timezone set to Europe/Paris")
    assert third.endswith("⚙️ <@901>: blocked <@77>: spam (via web)")
    assert await modlog.tick() == 0  # told once


async def test_at_most_one_message_a_minute_the_rest_batched(
    modlog: ModLog, moderation: ModerationRepository, poster: Poster, clock: Clock
) -> None:
    await modlog.tick()  # the log channel's own change
    for name in ("Europe/Paris", "Asia/Tokyo", "America/Lima"):
        clock.now += 10
        await moderation.set_timezone(GUILD, MOD, name, f"timezone set to {name}")
        assert await modlog.tick() == 0  # within the minute: it waits

    clock.now += PACE - 30  # a minute after the first message
    assert await modlog.tick() == 1
    batched = poster.posts[-1][1].splitlines()
    assert [line.rsplit(" ", 1)[-1] for line in batched] == [
        "Europe/Paris",
        "Asia/Tokyo",
        "America/Lima",
    ]
    assert len(poster.posts) == 2


async def test_a_message_takes_what_fits_and_the_rest_comes_next_minute(
    modlog: ModLog, moderation: ModerationRepository, poster: Poster, clock: Clock
) -> None:
    for n in range(30):  # 30 long changes: more than one message holds
        await moderation.set_timezone(GUILD, MOD, "x", f"change {n:02d} " + "·" * 200)
    await modlog.tick()
    clock.now += PACE
    await modlog.tick()

    assert all(len(text) <= 2000 for _, text in poster.posts)
    told = "\n".join(text for _, text in poster.posts)
    assert [f"change {n:02d}" in told for n in range(30)].count(True) < 30
    for _ in range(2):  # four messages in all
        clock.now += PACE
        assert await modlog.tick() == 1
    clock.now += PACE
    assert await modlog.tick() == 0  # all told
    told = "\n".join(text for _, text in poster.posts)
    assert all(f"change {n:02d}" in told for n in range(30))
    assert told.count("change 00") == 1


async def test_the_queue_paused_for_the_balance_and_resumed(
    modlog: ModLog, poster: Poster, clock: Clock
) -> None:
    await modlog.note_queue_paused("rate_limited", clock.now + 5)  # routine: not told
    await modlog.note_queue_resumed()  # nothing told was paused: nothing to resume
    await modlog.note_queue_paused("no_balance", clock.now + 900)
    await modlog.note_queue_resumed()
    await modlog.tick()

    text = poster.posts[0][1]
    assert "Rate" not in text
    assert "balance has run out" in text
    assert f"<t:{math.ceil(clock.now + 900)}:R>" in text
    resumed = "▶️ Soundverse takes songs again: the queue moves."
    assert text.index("balance has run out") < text.index(resumed)


async def test_a_pause_is_told_only_to_the_servers_this_process_serves(
    moderation: ModerationRepository, clock: Clock
) -> None:
    for guild in (GUILD, OTHER):
        await moderation.log_channels.choose(guild, CHANNEL + guild, by=MOD, change="c")
    here, there = Poster(served=(GUILD,)), Poster(served=(OTHER,))
    await ModLog(moderation.log_channels, here, clock=clock).note_queue_paused("unavailable", 1.0)
    await ModLog(moderation.log_channels, here, clock=clock).tick()
    await ModLog(moderation.log_channels, there, clock=clock).tick()

    assert "unavailable" in here.posts[0][1]
    assert "unavailable" not in there.posts[0][1]


async def test_a_budget_crossing(modlog: ModLog, poster: Poster, clock: Clock) -> None:
    for percent, spent in ((80, 16_000), (100, 20_100)):
        await modlog.note_budget_crossed(
            GUILD,
            scope="server",
            period="month",
            percent=percent,
            spent=spent,
            limit=20_000,
            resets_at=clock.now + 86_400,
        )
    await modlog.tick()

    lines = poster.posts[0][1].splitlines()  # the notices, then the channel's own change
    assert lines[0].endswith(
        "⚠️ The server's monthly token budget is 80 % spent: 16,000 of 20,000 tokens. "
        f"It resets <t:{math.ceil(clock.now + 86_400)}:R>."
    )
    assert "🛑 The server's monthly token budget is 100 % spent: 20,100 of 20,000" in lines[1]


async def test_a_restart_loses_nothing_and_keeps_the_pace(
    modlog: ModLog, moderation: ModerationRepository, poster: Poster, clock: Clock
) -> None:
    await modlog.tick()
    await modlog.note_queue_paused("no_balance", clock.now + 900)
    restarted = ModLog(moderation.log_channels, poster, clock=clock)
    assert await restarted.tick() == 0  # the minute is not over, restart or not
    clock.now += PACE
    assert await restarted.tick() == 1
    assert "balance has run out" in poster.posts[-1][1]


async def test_a_channel_gone_stops_the_log_quietly(
    modlog: ModLog,
    moderation: ModerationRepository,
    poster: Poster,
    clock: Clock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    poster.failing = Failed("the channel 50 is gone", lasting=True)
    with caplog.at_level(logging.WARNING):
        assert await modlog.tick() == 0
    [warning] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert warning.getMessage() == "server 1: the moderators' log stops: the channel 50 is gone"
    assert warning.exc_info is None
    log = await moderation.log_channels.channel(GUILD)
    assert log is not None
    assert log.problem == "the channel 50 is gone"

    await modlog.note_queue_paused("no_balance", clock.now)  # a stopped log gathers nothing
    clock.now += PACE
    assert await modlog.tick() == 0
    poster.failing = None
    await moderation.log_channels.choose(GUILD, 51, by=MOD, change="log channel set to 51")
    assert await modlog.tick() == 1
    assert poster.posts == [(51, poster.posts[0][1])]
    assert "balance" not in poster.posts[0][1]


async def test_a_failure_of_the_moment_is_tried_again_a_minute_later(
    modlog: ModLog, poster: Poster, clock: Clock
) -> None:
    poster.failing = Failed("Discord answered 500", lasting=False)
    assert await modlog.tick() == 0
    poster.failing = None
    assert await modlog.tick() == 0  # the minute was used by the try
    clock.now += PACE
    assert await modlog.tick() == 1
    assert "log channel set to" in poster.posts[0][1]


async def test_no_channel_no_log(moderation: ModerationRepository, clock: Clock) -> None:
    poster = Poster()
    modlog = ModLog(moderation.log_channels, poster, clock=clock)
    await moderation.set_timezone(GUILD, MOD, "Europe/Paris", "timezone set to Europe/Paris")
    await modlog.note_queue_paused("no_balance", clock.now)
    await modlog.note_budget_crossed(
        GUILD, scope="server", period="day", percent=80, spent=8, limit=10, resets_at=0.0
    )
    assert await modlog.tick() == 0
    assert poster.posts == []
