"""What a party plays: a session's songs in order, the lyricists shown; a second /listen in
the party's channel adds to its line, one elsewhere is told where the party is; a member in
no voice channel is told to join one."""

from __future__ import annotations

from tests.e2e.helpers import EPHEMERAL, answer
from tests.e2e.parties.steps import (
    Room,
    encoded,
    listen,
    made_song,
    now_playing,
    playing,
    session_songs,
    shows,
    text_of,
)


async def test_a_sessions_songs_play_in_order_with_their_lyricists(room: Room) -> None:
    r = room
    session_id, jobs = await session_songs(r, 2)
    await r.discord.voice.join(r.discord.member, r.voice_rooms[0])
    message = await now_playing(r, await listen(r, "session", session=str(session_id)))
    await playing(r)
    heard = r.discord.voice.heard()
    assert heard is not None
    await shows(r, message, "Lyrics by member")
    await shows(r, message, "has ended")
    assert "2 of 2 songs played" in text_of(r.discord.messages[message["id"]])
    first, second = (encoded(r, job) for job in jobs)
    expected = [*first.frames(), *second.frames()]
    await r.discord.wait_for(lambda: len(heard.frames()) >= len(expected))
    assert heard.frames() == expected  # the first song whole, then the second


async def test_one_party_per_server(room: Room) -> None:
    r = room
    long_song = await made_song(r, seconds=20.0)
    short_song = await made_song(r, seconds=1.0)
    nowhere = await answer(r.discord, await listen(r, "song", job_id=long_song))
    assert nowhere["flags"] & EPHEMERAL
    assert "Join a voice channel first" in nowhere["content"]

    await r.discord.voice.join(r.discord.member, r.voice_rooms[0])
    message = await now_playing(r, await listen(r, "song", job_id=long_song))
    await playing(r)
    ben = r.discord.new_member("Ben")
    await r.discord.voice.join(ben, r.voice_rooms[1])
    elsewhere = await answer(r.discord, await listen(r, "radio", user=ben))
    assert elsewhere["flags"] & EPHEMERAL
    assert f"A party is playing in <#{r.voice_rooms[0]}> now" in elsewhere["content"]

    await r.discord.voice.join(ben, r.voice_rooms[0])
    added = await answer(r.discord, await listen(r, "song", user=ben, job_id=short_song))
    assert added["flags"] & EPHEMERAL
    assert "Added to the party's line: 1 song(s)." in added["content"]
    await shows(r, message, "(1 of 2)")
    assert r.discord.voice.bot_channel() == r.voice_rooms[0]
