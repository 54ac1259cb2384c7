"""A party's controls: Pause and Resume, Queue (a song added by name), Skip and Stop; a
stranger's press refused in one private sentence."""

from __future__ import annotations

from tests.e2e.helpers import EPHEMERAL, answer
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


async def test_pause_resume_queue_skip_and_stop(room: Room) -> None:
    r = room
    first = await made_song(r, seconds=20.0)
    second = await made_song(r, seconds=20.0)
    await r.discord.voice.join(r.discord.member, r.voice_rooms[0])
    message = await now_playing(r, await listen(r, "song", job_id=first))
    await playing(r)
    await shows(r, message, "(1 of 1)")
    assert labels(r, message) == ["Pause", "Skip", "Stop", "Queue"]

    stranger = r.discord.new_member("Stranger")
    refused = await answer(r.discord, await r.discord.click(message, "Skip", user=stranger))
    assert refused["flags"] & EPHEMERAL
    assert "Only the member who started this party" in refused["content"]

    await r.discord.click(message, "Pause")
    await shows(r, message, "Paused.")
    assert labels(r, message)[0] == "Resume"
    [voice] = r.bot.voice_clients
    assert voice.is_paused()  # type: ignore[attr-defined]
    await r.discord.click(message, "Resume")
    await r.discord.wait_for(lambda: labels(r, message)[0] == "Pause")
    assert "Paused." not in text_of(r.discord.messages[message["id"]])

    queue = await r.discord.click(message, "Queue")
    await r.discord.wait_for(lambda: queue.modal)
    added = await answer(
        r.discord, await r.discord.submit_modal(queue, {"song": second, "version": "2"})
    )
    assert "Added to the party's line" in added["content"]
    await shows(r, message, "(1 of 2)")

    listener = r.discord.new_member("Listener")  # in the party's channel: may press
    await r.discord.voice.join(listener, r.voice_rooms[0])
    await r.discord.click(message, "Skip", user=listener)
    await shows(r, message, "(2 of 2)")
    await shows(r, message, "Nothing: this is the last song.")

    await r.discord.click(message, "Stop")
    await shows(r, message, "Stopped by member.")
    assert labels(r, message) == []
    await r.discord.wait_for(lambda: r.discord.voice.bot_channel() is None)
