"""A party plays a song to the end: the voice stand-in hears the whole song, decodable, in
order (its length and its tones), and the now-playing message follows it to its end."""

from __future__ import annotations

import aiohttp
import pytest

from tests.e2e.parties.steps import (
    Room,
    encoded,
    labels,
    listen,
    made_song,
    now_playing,
    playing,
    shows,
    text_of,
)
from tests.standin.discord.voice_audio import RATE, decode_opus, tones_match


async def test_a_song_is_heard_whole_in_the_members_voice_channel(room: Room) -> None:
    r = room
    job_id = await made_song(r, seconds=3.0)
    await r.discord.voice.join(r.discord.member, r.voice_rooms[1])
    message = await now_playing(r, await listen(r, "song", job_id=job_id, version=2))
    await playing(r)
    assert r.discord.voice.bot_channel() == r.voice_rooms[1]
    heard = r.discord.voice.heard()
    assert heard is not None
    await shows(r, message, "has ended")
    assert "It played to the end of its line." in text_of(r.discord.messages[message["id"]])
    assert labels(r, message) == []
    song = encoded(r, job_id, 2)
    await r.discord.wait_for(lambda: len(heard.frames()) >= len(song))
    assert heard.frames() == song.frames()
    assert heard.rejected == 0
    sequences = [packet.sequence for packet in heard.packets]
    assert sequences == list(range(sequences[0], sequences[0] + len(sequences)))
    record = await r.bot.resources.generations.by_job(int(r.discord.guild_id), job_id)
    assert record is not None
    detail = await r.bot.resources.generations.song(int(r.discord.guild_id), record.id)
    assert detail is not None
    async with aiohttp.ClientSession() as http, http.get(detail.audio_urls[2]) as got:
        wav = await got.read()
    decoded = decode_opus(heard.frames())
    assert len(decoded) / RATE == pytest.approx(3.0, rel=0.03)
    assert tones_match(decoded, wav) >= 0.9
    await r.discord.wait_for(lambda: r.discord.voice.bot_channel() is None)
