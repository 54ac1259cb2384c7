"""Voice in several guilds at once: one bot, one voice connection per guild, each heard apart
(its own SSRC and key) by the one voice server."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable

import discord

from bot.features.parties.opus import encode
from bot.features.parties.source import CachedOpusSource
from bot.mock_api.media import melody_wav
from tests.standin.discord.server import DiscordStandIn
from tests.standin.voice_client import voice_ready_client


def finisher(
    loop: asyncio.AbstractEventLoop, done: asyncio.Event
) -> Callable[[Exception | None], None]:
    """discord.py's ``after`` (called in the player's thread): set ``done`` in the loop."""

    def after(_error: Exception | None) -> None:
        loop.call_soon_threadsafe(done.set)

    return after


async def test_a_bot_plays_in_two_guilds_at_once_each_heard_whole() -> None:
    standin = DiscordStandIn(guilds=2)
    await standin.start()
    try:
        guilds = list(standin.world.guild_channels)
        songs = [encode(io.BytesIO(melody_wav(n, 1.0, 120)), max_seconds=10) for n in (1, 2)]
        async with voice_ready_client(standin) as client:
            loop = asyncio.get_running_loop()
            finished = [asyncio.Event(), asyncio.Event()]
            voices = []
            for guild_id, song, done in zip(guilds, songs, finished, strict=True):
                channel = client.get_channel(int(standin.voice.guild_channel_ids[guild_id][0]))
                assert isinstance(channel, discord.VoiceChannel)
                assert channel.guild.id == int(guild_id)
                voice: discord.VoiceClient = await channel.connect(timeout=20)
                voice.play(CachedOpusSource(song), after=finisher(loop, done))
                voices.append(voice)
            await asyncio.wait_for(asyncio.gather(*(done.wait() for done in finished)), 30)
            heard = [standin.voice.heard(guild_id) for guild_id in guilds]
            sent = [song.frames() for song in songs]
            pairs = list(zip(heard, sent, strict=True))
            await standin.wait_for(lambda: all(s and len(s.frames()) >= len(f) for s, f in pairs))
            assert [s.frames() if s else None for s in heard] == sent
            sessions = [standin.voice.session(guild_id) for guild_id in guilds]
            assert len({session.ssrc for session in sessions if session}) == 2
            for voice in voices:
                await voice.disconnect()
    finally:
        await standin.close()


async def test_a_member_joins_a_room_of_another_guild() -> None:
    standin = DiscordStandIn(guilds=2)
    await standin.start()
    try:
        other = list(standin.world.guild_channels)[1]
        room = standin.voice.guild_channel_ids[other][0]
        async with voice_ready_client(standin) as client:
            joined = client.wait_for("voice_state_update", timeout=10)
            await standin.voice.join(standin.member, room)
            member, _before, after = await joined
            assert isinstance(member, discord.Member)
            assert member.guild.id == int(other)
            assert after.channel is not None
            assert after.channel.id == int(room)
    finally:
        await standin.close()
