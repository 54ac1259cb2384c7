"""Starting the bot: command sync policy, the token expiry fallback, unexpected errors."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.features.songs.channel_edits import ChannelEdits
from bot.features.songs.delivery import Downloads
from bot.mock_api import Faults, RunningSimulator
from tests.e2e.helpers import Harness, bot_settings, fields, finished, song, start_bot, stop_bot
from tests.standin.discord.gateway import GUILD_VOICE_STATES
from tests.standin.discord.server import DiscordStandIn, Interaction

GUILDS = 1 << 0


async def test_commands_sync_globally_once_then_only_when_changed(
    discord_standin: DiscordStandIn, simulator: RunningSimulator, tmp_path: Path
) -> None:
    settings = bot_settings(discord_standin, simulator, tmp_path)
    for _ in range(2):
        bot, task, resources = await start_bot(settings, discord_standin)
        await stop_bot(bot, task, resources)
    puts = discord_standin.calls_to("PUT /applications")
    assert len(puts) == 1
    assert sorted(c["name"] for c in discord_standin.commands["global"]) == [
        "challenge",
        "help",
        "jam",
        "listen",
        "song",
        "songadmin",
        "songs",
        "usage",
    ]


async def test_a_development_guild_gets_commands_at_once(
    discord_standin: DiscordStandIn, simulator: RunningSimulator, tmp_path: Path
) -> None:
    settings = bot_settings(
        discord_standin, simulator, tmp_path, discord_dev_guild_id=int(discord_standin.guild_id)
    )
    bot, task, resources = await start_bot(settings, discord_standin)
    await stop_bot(bot, task, resources)
    assert "global" not in discord_standin.commands
    assert "song" in [c["name"] for c in discord_standin.commands[discord_standin.guild_id]]


async def songs_outliving_their_tokens(
    standin: DiscordStandIn,
    simulator: RunningSimulator,
    tmp_path: Path,
    count: int,
    *,
    aged: float = 0.0,
) -> list[dict[str, Any]]:
    """``count`` songs in one channel whose interaction tokens expire (after 1 s) before they
    finish: the finished messages. With ``aged``, every clock (Discord's and the bot's) runs
    that many seconds ahead, so the messages are that old when they are edited."""
    standin.token_lifetime = 1.0
    standin.world.clock_offset = aged
    settings = bot_settings(standin, simulator, tmp_path, discord_interaction_lifetime=1.0)
    simulator.simulator.config.faults = Faults.parse("slow=completed_v2:1.5")
    bot, task, resources = await start_bot(settings, standin)
    bot.songs.channel_edits = ChannelEdits(clock=lambda: time.time() + aged)
    try:
        songs = [await standin.slash("song", {"prompt": f"n{n}"}) for n in range(count)]
        messages = [
            await standin.wait_for(finished_done(standin, interaction), limit=60)
            for interaction in songs
        ]
        await bot.songs.wait_idle()
    finally:
        await stop_bot(bot, task, resources)
    return messages


async def test_a_job_outliving_its_token_finishes_through_the_channel(
    discord_standin: DiscordStandIn, simulator: RunningSimulator, tmp_path: Path
) -> None:
    [message] = await songs_outliving_their_tokens(discord_standin, simulator, tmp_path, 1)
    channel_edits = discord_standin.calls_to("PATCH /channels/{channel}/messages/{message}")
    assert channel_edits, "the final edit should go through the channel"
    assert channel_edits[-1].status == 200
    assert len(message["attachments"]) == 3
    assert not discord_standin.calls_to("POST /channels")  # the same message, not a new one


async def test_many_songs_in_one_channel_finish_through_its_shared_bucket(
    discord_standin: DiscordStandIn, simulator: RunningSimulator, tmp_path: Path
) -> None:
    await songs_outliving_their_tokens(discord_standin, simulator, tmp_path, 4)
    assert not discord_standin.rate_limited  # one edit at a time, within the bucket
    edits = discord_standin.calls_to("PATCH /channels/{channel}/messages/{message}")
    assert len({c.path for c in edits}) == 4  # every song ended through the channel


async def test_messages_over_an_hour_old_are_edited_within_their_stricter_limit(
    discord_standin: DiscordStandIn, simulator: RunningSimulator, tmp_path: Path
) -> None:
    """Songs that waited in the queue for over an hour: Discord allows their messages about
    3 edits per 6 s per channel (30046 beyond), and the bot paces them within it."""
    await songs_outliving_their_tokens(discord_standin, simulator, tmp_path, 4, aged=3700)
    assert not discord_standin.rate_limited
    edits = discord_standin.calls_to("PATCH /channels/{channel}/messages/{message}")
    assert len({c.path for c in edits}) == 4


async def test_the_stand_in_refuses_a_fourth_quick_edit_of_an_old_message(
    discord_standin: DiscordStandIn,
) -> None:
    limits = discord_standin.limits
    for _ in range(3):
        assert limits.check_old_edit("c").allowed
    refused = limits.check_old_edit("c")
    assert (refused.allowed, refused.code) == (False, 30046)
    assert 0 < refused.retry_after <= 6


def finished_done(standin: DiscordStandIn, interaction: Interaction) -> Callable[[], object]:
    def check() -> object:
        message = standin.original(interaction)
        return message if message and "Done" in str(message["embeds"]) else None

    return check


async def test_unexpected_errors_get_an_error_id(
    harness: Harness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Downloads, "package", broken)
    interaction = await harness.discord.slash("song", {"prompt": "x"})
    message = await harness.discord.wait_for(finished(harness, interaction))
    await harness.bot.songs.wait_idle()
    text = fields(message["embeds"][0])["What happened"]
    [record] = [r for r in caplog.records if r.name == "songbot.errors"]
    error_id = record.getMessage().split()[2]
    assert f"`{error_id}`" in text
    assert "disk on fire" not in text
    assert record.exc_info is not None
    assert "disk on fire" in str(record.exc_info[1])
    caplog.clear()  # expected here; the harness fails tests on unexpected errors


async def test_commands_carry_the_translations_of_a_catalog(
    discord_standin: DiscordStandIn, simulator: RunningSimulator, tmp_path: Path
) -> None:
    french = {
        "Make a song with Soundverse": "Créer une chanson avec Soundverse",
        "Write a song together in a thread": "Écrire une chanson ensemble",
    }
    catalogs = {"fr": french}
    settings = bot_settings(discord_standin, simulator, tmp_path)
    bot, task, resources = await start_bot(settings, discord_standin, catalogs=catalogs)
    try:
        commands = await discord_standin.wait_for(lambda: discord_standin.commands.get("global"))
        by_name = {c["name"]: c for c in commands}
        assert by_name["song"]["description"] == "Make a song with Soundverse"
        assert by_name["song"]["description_localizations"] == {
            "fr": "Créer une chanson avec Soundverse"
        }
        assert by_name["jam"]["description_localizations"] == {"fr": "Écrire une chanson ensemble"}
        assert (
            "name_localizations" not in by_name["song"] or not by_name["song"]["name_localizations"]
        )
    finally:
        await stop_bot(bot, task, resources)


async def test_the_bot_asks_the_gateway_only_for_servers_and_voice_states(
    harness: Harness,
) -> None:
    """With GUILD_MESSAGES, Discord would send it every message of every channel and an event
    for each edit of every song's screen; songbot reads none of them."""
    [session] = harness.discord.gateway.sessions.values()
    assert session.intents == GUILDS | GUILD_VOICE_STATES
    message = await song(harness, prompt="rain")
    assert len(message["attachments"]) == 3  # songs need nothing more
