"""The Play in voice button under a finished song: ``/listen song`` for it, the same use case
and rules. A member in a voice channel presses it and the party starts there (the voice
stand-in hears the song's first version whole); a member in none is told so in one private
sentence, and the bot joins nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.features.parties import texts as party_texts
from bot.features.parties.cache import VersionKey
from bot.features.parties.opus import OpusSong
from bot.mock_api import RunningSimulator
from tests.e2e.helpers import (
    EPHEMERAL,
    Harness,
    a_song,
    answer,
    bot_settings,
    buttons,
    check_clean_run,
    start_bot,
    stop_bot,
    use_faults,
)
from tests.standin.discord.server import DiscordStandIn


@pytest.fixture
async def voiced(
    discord_standin: DiscordStandIn,
    simulator: RunningSimulator,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> AsyncIterator[Harness]:
    """The real bot, trusting the voice stand-in's throwaway certificate authority."""
    settings = bot_settings(discord_standin, simulator, tmp_path)
    voice_tls = aiohttp.TCPConnector(ssl=discord_standin.voice.client_ssl())
    bot, task, resources = await start_bot(settings, discord_standin, connector=voice_tls)
    yield Harness(bot, discord_standin, simulator)
    await stop_bot(bot, task, resources)
    check_clean_run(discord_standin, caplog)


async def test_a_member_in_voice_presses_it_and_the_party_plays_the_song_there(
    voiced: Harness,
) -> None:
    h = voiced
    use_faults(h, "song_seconds=1")
    message = await a_song(h)
    [play] = [b for b in buttons(message) if b["label"] == "Play in voice"]
    song_id = int(play["custom_id"].rsplit(":", 1)[1])
    assert play["custom_id"] == f"songbot:play:{song_id}"
    room = h.discord.voice.channel_ids[1]
    await h.discord.voice.join(h.discord.member, room)

    now_playing = await answer(h.discord, await h.discord.click(message, "Play in voice"))
    assert now_playing.get("embeds"), now_playing.get("content")
    assert not (now_playing.get("flags") or 0) & EPHEMERAL  # the party's message is public
    await h.discord.wait_for(lambda: h.discord.voice.bot_channel() == room)
    heard = await h.discord.wait_for(h.discord.voice.heard)
    await h.discord.wait_for(heard.frames)  # playing

    detail = await h.bot.resources.generations.song(int(h.discord.guild_id), song_id)
    assert detail is not None
    assert detail.record.job_id is not None
    key = VersionKey(detail.record.job_id, 1)
    assert key in h.bot.parties.cache  # the first version was encoded for the party
    song = await h.bot.parties.cache.song(key, detail.audio_urls[1])
    assert isinstance(song, OpusSong)
    await h.discord.wait_for(lambda: len(heard.frames()) >= len(song.frames))
    assert heard.frames() == list(song.frames)
    assert heard.rejected == 0
    await h.discord.wait_for(lambda: h.discord.voice.bot_channel() is None)  # its line ended


async def test_a_member_in_no_voice_channel_is_told_in_one_private_sentence(
    voiced: Harness,
) -> None:
    h = voiced
    message = await a_song(h)
    said = await answer(h.discord, await h.discord.click(message, "Play in voice"))
    assert said["flags"] & EPHEMERAL
    assert said["content"] == party_texts.NOT_IN_VOICE
    assert h.discord.voice.bot_channel() is None
    assert h.discord.voice.grant() is None  # the bot never asked to join voice
