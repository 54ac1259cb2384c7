"""The Play in voice button under a finished song, and under a session's song: ``/listen
song`` for it (its first version), the same use case and rules. A member in a voice channel
presses it and the party starts there, the song heard whole; a member in none is told so in
one private sentence and the bot joins nothing; with a party playing elsewhere, the member is
told where it is."""

from __future__ import annotations

import json
from typing import Any

from bot.features.parties import texts
from tests.e2e.helpers import EPHEMERAL, a_song, answer, buttons, use_faults
from tests.e2e.parties import steps
from tests.e2e.parties.steps import Room


async def finished_song(r: Room) -> dict[str, Any]:
    """A one-second song made with ``/song``: its message, with its buttons."""
    use_faults(r.harness, "song_seconds=1")
    return await a_song(r.harness)


async def job_of(r: Room, message: dict[str, Any]) -> str:
    """The job id of the song whose message this is (by the song id in its buttons)."""
    song_id = int(buttons(message)[0]["custom_id"].rsplit(":", 1)[1])
    song = await r.bot.resources.generations.song(int(r.discord.guild_id), song_id)
    assert song is not None
    assert song.record.job_id is not None
    return song.record.job_id


async def heard_whole(r: Room, job_id: str) -> None:
    """The bot's voice connection sent the version's frames, all of them, in order."""
    await steps.playing(r)
    heard = r.discord.voice.heard()
    assert heard is not None
    song = steps.encoded(r, job_id, 1)
    await r.discord.wait_for(lambda: len(heard.frames()) >= len(song))
    assert heard.frames() == song.frames()
    assert heard.rejected == 0


async def test_a_member_in_voice_presses_it_and_the_song_plays_there(room: Room) -> None:
    r = room
    message = await finished_song(r)
    [play] = [b for b in buttons(message) if b["label"] == "Play in voice"]
    assert play["custom_id"].startswith("songbot:play:")
    await r.discord.voice.join(r.discord.member, r.voice_rooms[1])
    party = await steps.now_playing(r, await r.discord.click(message, "Play in voice"))
    assert not (party.get("flags") or 0) & EPHEMERAL  # the now-playing message is everyone's
    await heard_whole(r, await job_of(r, message))
    assert r.discord.voice.bot_channel() == r.voice_rooms[1]


async def test_a_member_in_no_voice_channel_is_told_in_one_private_sentence(room: Room) -> None:
    r = room
    message = await finished_song(r)
    said = await answer(r.discord, await r.discord.click(message, "Play in voice"))
    assert said["flags"] & EPHEMERAL
    assert said["content"] == texts.NOT_IN_VOICE
    assert r.discord.voice.grant() is None  # the bot never asked to join voice


async def test_with_a_party_elsewhere_the_member_is_told_where(room: Room) -> None:
    r = room
    message = await finished_song(r)
    long_song = await steps.made_song(r, seconds=20.0)
    await r.discord.voice.join(r.discord.member, r.voice_rooms[0])
    await steps.now_playing(r, await steps.listen(r, "song", job_id=long_song))
    await steps.playing(r)
    ben = r.discord.new_member("Ben")
    await r.discord.voice.join(ben, r.voice_rooms[1])
    said = await answer(r.discord, await r.discord.click(message, "Play in voice", user=ben))
    assert said["flags"] & EPHEMERAL
    assert f"A party is playing in <#{r.voice_rooms[0]}> now" in said["content"]
    assert r.discord.voice.bot_channel() == r.voice_rooms[0]


async def test_under_a_sessions_song_it_plays_that_song(room: Room) -> None:
    r = room
    _session_id, [job_id] = await steps.session_songs(r, 1)
    [message] = [
        m
        for m in r.discord.messages.values()
        if job_id in json.dumps(m) and any(b["label"] == "Play in voice" for b in buttons(m))
    ]
    await r.discord.voice.join(r.discord.member, r.voice_rooms[0])
    await steps.now_playing(r, await r.discord.click(message, "Play in voice"))
    await heard_whole(r, job_id)
