"""Real discord.py joins a voice channel of the stand-in and plays a song's cached Opus
frames: the stand-in's voice server receives the whole song, in order, and it decodes to the
song (its length and its tones)."""

from __future__ import annotations

import asyncio
import io

import discord
import pytest

from bot.features.parties.opus import encode
from bot.features.parties.source import CachedOpusSource
from bot.mock_api.media import melody_wav, wav_seconds
from tests.standin.discord.server import DiscordStandIn
from tests.standin.discord.voice_audio import RATE, decode_opus, tones_match
from tests.standin.voice_client import voice_ready_client


async def test_a_song_played_in_voice_is_heard_whole_and_in_order(
    standin: DiscordStandIn,
) -> None:
    wav = melody_wav(11, 3.0, 110)
    song = encode(io.BytesIO(wav), max_seconds=60)
    async with voice_ready_client(standin) as client:
        channel = client.get_channel(int(standin.voice.channel_ids[0]))
        assert isinstance(channel, discord.VoiceChannel)
        voice: discord.VoiceClient = await channel.connect(timeout=20)
        assert standin.voice.bot_channel() == standin.voice.channel_ids[0]
        finished = asyncio.Event()
        loop = asyncio.get_running_loop()
        voice.play(CachedOpusSource(song), after=lambda _e: loop.call_soon_threadsafe(finished.set))
        await asyncio.wait_for(finished.wait(), 30)
        heard = standin.voice.heard()
        assert heard is not None
        await standin.wait_for(lambda: len(heard.frames()) >= len(song))
        await voice.disconnect()
    assert heard.frames() == song.frames()
    sequences = [packet.sequence for packet in heard.packets]
    assert sequences == list(range(sequences[0], sequences[0] + len(sequences)))
    assert heard.rejected == 0
    decoded = decode_opus(heard.frames())
    assert len(decoded) / RATE == pytest.approx(wav_seconds(wav), rel=0.03)
    assert tones_match(decoded, wav) >= 0.9


async def test_members_joining_and_leaving_voice_are_events(standin: DiscordStandIn) -> None:
    async with voice_ready_client(standin) as client:
        room = standin.voice.channel_ids[1]
        joined = client.wait_for("voice_state_update", timeout=10)
        await standin.voice.join(standin.member, room)
        member, before, after = await joined
        assert member.id == int(standin.member["id"])
        assert before.channel is None
        assert after.channel is not None
        assert after.channel.id == int(room)
        channel = client.get_channel(int(room))
        assert isinstance(channel, discord.VoiceChannel)
        assert set(channel.voice_states) == {int(standin.member["id"])}
        left = client.wait_for("voice_state_update", timeout=10)
        await standin.voice.leave(standin.member)
        _member, _before, after = await left
        assert after.channel is None
        assert channel.voice_states == {}


async def test_a_bot_disconnected_by_hand_stops_playing(standin: DiscordStandIn) -> None:
    song = encode(io.BytesIO(melody_wav(3, 30.0, 100)), max_seconds=60)
    async with voice_ready_client(standin) as client:
        channel = client.get_channel(int(standin.voice.channel_ids[0]))
        assert isinstance(channel, discord.VoiceChannel)
        voice: discord.VoiceClient = await channel.connect(timeout=20)
        stopped = asyncio.Event()
        loop = asyncio.get_running_loop()
        voice.play(CachedOpusSource(song), after=lambda _e: loop.call_soon_threadsafe(stopped.set))
        await standin.wait_for(lambda: (heard := standin.voice.heard()) and heard.frames())
        await standin.voice.disconnect_bot()
        await asyncio.wait_for(stopped.wait(), 10)
        assert not voice.is_connected()
        assert standin.voice.bot_channel() is None
        assert 4014 in standin.voice.gateway.closes
