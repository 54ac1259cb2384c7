"""How a party ends, besides its line's end and Stop: alone for a minute (a clock the test
moves), the bot disconnected or moved by hand, songbot restarting (Listen again goes on from
the next song) or crashing (the next start says so); and a song whose audio is not on an
allowed host is never fetched."""

from __future__ import annotations

import pytest

from tests.e2e.parties.steps import (
    Room,
    labels,
    listen,
    made_song,
    now_playing,
    playing,
    shows,
    text_of,
)


async def test_alone_for_a_minute_it_ends(room: Room) -> None:
    r = room
    job_id = await made_song(r, seconds=20.0)
    await r.discord.voice.join(r.discord.member, r.voice_rooms[0])
    message = await now_playing(r, await listen(r, "song", job_id=job_id))
    await playing(r)
    await r.discord.voice.leave(r.discord.member)
    front = r.bot.parties
    await front.settled(lambda: front.parties.alone.next_at() is not None)
    r.clock.offset += 59
    await front.end_lonely()
    assert front.players  # not yet: a second is left
    r.clock.offset += 2
    front.wake()  # the alone clock looks now
    await shows(r, message, "Nobody was listening for a minute")
    await r.discord.wait_for(lambda: r.discord.voice.bot_channel() is None)


async def test_disconnected_by_hand_it_ends_cleanly(room: Room) -> None:
    r = room
    job_id = await made_song(r, seconds=20.0)
    await r.discord.voice.join(r.discord.member, r.voice_rooms[0])
    message = await now_playing(r, await listen(r, "song", job_id=job_id))
    await playing(r)
    await r.discord.voice.disconnect_bot()
    await shows(r, message, "disconnected from the voice channel by hand")
    assert labels(r, message) == []
    await r.bot.parties.settled(lambda: not r.bot.parties.players)


async def test_moved_by_hand_it_ends_cleanly(room: Room) -> None:
    r = room
    job_id = await made_song(r, seconds=20.0)
    await r.discord.voice.join(r.discord.member, r.voice_rooms[0])
    message = await now_playing(r, await listen(r, "song", job_id=job_id))
    await playing(r)
    await r.discord.voice.move_bot(r.voice_rooms[1])
    await shows(r, message, "moved to another voice channel by hand")
    await r.discord.wait_for(lambda: r.discord.voice.bot_channel() is None)
    await r.bot.parties.settled(lambda: not r.bot.parties.players)


async def test_a_restart_ends_the_party_and_listen_again_goes_on(room: Room) -> None:
    r = room
    first = await made_song(r, seconds=20.0)
    second = await made_song(r, seconds=1.0)
    await r.discord.voice.join(r.discord.member, r.voice_rooms[0])
    message = await now_playing(r, await listen(r, "song", job_id=first))
    await playing(r)
    added = await listen(r, "song", job_id=second)
    await shows(r, message, "(1 of 2)")
    assert added.responded
    await r.stop()
    restarted = text_of(r.discord.messages[message["id"]])
    assert "songbot restarted while it played" in restarted
    assert labels(r, message) == ["Listen again"]
    await r.start()
    again = await r.discord.click(message, "Listen again")
    party = await now_playing(r, again)
    await shows(r, party, "(1 of 1)")
    await shows(r, party, "has ended")
    assert labels(r, message) == []


async def test_after_a_crash_the_next_start_ends_the_party(
    room: Room, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = room
    job_id = await made_song(r, seconds=20.0)
    await r.discord.voice.join(r.discord.member, r.voice_rooms[0])
    message = await now_playing(r, await listen(r, "song", job_id=job_id))
    await playing(r)
    await shows(r, message, "(1 of 1)")

    async def as_if_dead(*_args: object) -> None:
        """A crashed process writes and edits nothing on its way out."""

    front = r.bot.parties
    monkeypatch.setattr(front.parties, "end", as_if_dead)
    [player] = front.players.values()
    monkeypatch.setattr(player, "_show", as_if_dead)
    await r.stop()
    assert "Now playing" in text_of(r.discord.messages[message["id"]])
    await r.start()
    await shows(r, message, "songbot restarted while it played")
    assert labels(r, message) == ["Listen again"]


async def test_audio_on_a_host_not_allowed_is_never_fetched(
    room: Room, inside: tuple[str, list[str]]
) -> None:
    r = room
    address, hits = inside
    job_id = await made_song(r, seconds=1.0, faults=f"media_url={address}")
    hits.clear()
    await r.discord.voice.join(r.discord.member, r.voice_rooms[0])
    message = await now_playing(r, await listen(r, "song", job_id=job_id))
    await shows(r, message, "has ended")
    assert "its audio is not on a host Soundverse serves files from" in text_of(
        r.discord.messages[message["id"]]
    )
    assert hits == []
