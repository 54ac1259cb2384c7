"""The moderators' log channel end to end, the real bot between the stand-ins: ``/songadmin
log`` chooses it (refused where the bot can't post), a settings change appears there with who
made it, what comes within a minute waits and goes in one message (the log's clock is moved,
never waited on), Soundverse's balance running out and the queue resuming are told, and a
channel gone stops the log with one warning line, which ``/songadmin log`` then shows."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.mock_api import Faults, RunningSimulator
from tests.e2e.helpers import (
    Clock,
    Harness,
    admin,
    bot_settings,
    check_clean_run,
    finished,
    start_bot,
    start_with_clock,
    stop_bot,
)
from tests.standin.discord import payloads as p
from tests.standin.discord.server import DiscordStandIn


@dataclass
class Logged:
    h: Harness
    clock: Clock
    channel_id: str  # the log's channel

    def posts(self) -> list[str]:
        """The log channel's messages, oldest first."""
        return [
            m["content"]
            for m in self.h.discord.messages.values()
            if m["channel_id"] == self.channel_id
        ]

    async def post(self, number: int) -> str:
        """The log's ``number``-th message (from 1), once it is there."""
        await self.h.discord.wait_for(lambda: len(self.posts()) >= number)
        return self.posts()[number - 1]

    async def next_minute(self) -> None:
        """The log's clock a minute on; the bot looks at once (and has looked on return)."""
        self.clock.offset += 61
        await self.h.bot.modlog.look_now()


@pytest.fixture
async def logged(
    discord_standin: DiscordStandIn,
    simulator: RunningSimulator,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> AsyncIterator[Logged]:
    clock = Clock()
    settings = bot_settings(discord_standin, simulator, tmp_path)
    bot, task, resources = await start_bot(
        settings, discord_standin, modlog_clock=clock, modlog_every=0.05
    )
    h = Harness(bot, discord_standin, simulator)
    chosen = await admin(h, "log", channel=discord_standin.channel_ref(1))
    assert chosen["content"].startswith(
        f"The moderators' log is now <#{discord_standin.channel_ids[1]}>"
    )
    yield Logged(h, clock, discord_standin.channel_ids[1])
    await stop_bot(bot, task, resources)
    check_clean_run(discord_standin, caplog)


async def test_settings_changes_are_told_with_who_a_minute_at_most(logged: Logged) -> None:
    h, owner = logged.h, logged.h.discord.owner["id"]
    first = await logged.post(1)  # the log's own change comes first, at once
    assert first.endswith(f"⚙️ <@{owner}>: log channel set to <#{logged.channel_id}>")

    await admin(h, "timezone", name="Europe/Paris")
    await admin(h, "block", member=h.discord.member_ref(h.discord.member), reason="spam")
    await h.bot.modlog.look_now()
    assert len(logged.posts()) == 1  # within the minute: they wait

    await logged.next_minute()
    batched = (await logged.post(2)).splitlines()
    member = h.discord.member["id"]
    assert [line.split(" ", 1)[1] for line in batched] == [
        f"⚙️ <@{owner}>: timezone set to Europe/Paris",
        f"⚙️ <@{owner}>: blocked <@{member}>: spam",
    ]
    sent = [
        c.json
        for c in h.discord.calls_to("POST /channels/{channel}/messages")
        if logged.channel_id in c.path
    ]
    assert len(sent) == 2
    assert all(body["allowed_mentions"] == {"parse": []} for body in sent)  # pings nobody


async def test_a_budget_at_80_percent(logged: Logged) -> None:
    h = logged.h
    await logged.post(1)
    await admin(h, "budget", scope="server", period="month", tokens=125)
    await admin(h, "estimate", tokens=100)  # a song reserves 100 tokens: 80 % of 125
    await h.discord.wait_for(finished(h, await h.discord.slash("song", {"prompt": "rain"})))

    await logged.next_minute()
    told = (await logged.post(2)).splitlines()
    assert [line.split(" ", 1)[1] for line in told] == [
        f"⚙️ <@{h.discord.owner['id']}>: monthly token budget of the server: 125",
        f"⚙️ <@{h.discord.owner['id']}>: a song's estimate before there is history: 100 tokens",
        "⚠️ The server's monthly token budget is 80 % spent: 100 of 125 tokens. It resets "
        + told[2].rsplit("resets ", 1)[1],
    ]


async def test_the_balance_running_out_and_the_queue_resuming(logged: Logged) -> None:
    h = logged.h
    await logged.post(1)
    h.simulator.simulator.config.faults = Faults.parse("error=balance")
    song = await h.discord.slash("song", {"prompt": "rain"})
    await h.discord.wait_for(lambda: h.bot.songs.queue.pause is not None)

    await logged.next_minute()
    paused = await logged.post(2)
    assert "⏸️ Soundverse's balance has run out: the song queue is paused for everyone" in paused

    h.simulator.simulator.config.faults = Faults()  # topped up
    await admin(h, "queue", retry_now=True)
    await h.discord.wait_for(finished(h, song), limit=30)
    await logged.next_minute()
    assert (await logged.post(3)).endswith("▶️ Soundverse takes songs again: the queue moves.")


async def test_what_waits_survives_a_restart_and_is_told_once(
    discord_standin: DiscordStandIn,
    simulator: RunningSimulator,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    run = await start_with_clock(discord_standin, simulator, tmp_path, clock_for="modlog")
    h = Harness(run.bot, discord_standin, simulator)
    logged = Logged(h, run.clock, discord_standin.channel_ids[1])
    await admin(logged.h, "log", channel=discord_standin.channel_ref(1))
    await logged.post(1)
    await admin(logged.h, "timezone", name="America/Lima")  # waits for the minute
    await run.stop()

    logged.h.bot = await run.start()
    await logged.next_minute()
    assert (await logged.post(2)).endswith("timezone set to America/Lima")
    await logged.next_minute()
    assert len(logged.posts()) == 2
    await run.stop()
    check_clean_run(discord_standin, caplog)


async def test_a_channel_gone_stops_the_log_with_one_line(
    logged: Logged, caplog: pytest.LogCaptureFixture
) -> None:
    h = logged.h
    await logged.post(1)
    h.discord.channel_ids.remove(logged.channel_id)  # deleted on Discord
    await admin(h, "timezone", name="Asia/Tokyo")
    with caplog.at_level(logging.WARNING, logger="bot.features.modlog"):
        await logged.next_minute()
    [shown] = [r for r in caplog.records if r.name.startswith("bot.features.modlog")]
    assert shown.exc_info is None  # one line, no traceback
    assert shown.getMessage().endswith(f"the channel {logged.channel_id} is gone")

    status = await admin(h, "log")
    assert status["content"].startswith(
        f"The moderators' log in <#{logged.channel_id}> has stopped: the channel"
    )


async def test_refused_where_the_bot_cannot_post(logged: Logged) -> None:
    h = logged.h
    hidden = h.discord.world.channel(h.discord.channel_ids[0])
    bot_id = h.discord.world.bot_user["id"]
    deny = {"id": bot_id, "type": 1, "allow": "0", "deny": str(p.SEND_MESSAGES)}
    await h.discord.dispatch("CHANNEL_UPDATE", {**hidden, "permission_overwrites": [deny]})

    refused = await admin(h, "log", channel=h.discord.channel_ref(0))
    assert refused["content"] == (
        f"I can't post in <#{hidden['id']}>: give me Send Messages there, then try again."
    )
    status = await admin(h, "log")
    assert status["content"] == f"The moderators' log is <#{logged.channel_id}>."
