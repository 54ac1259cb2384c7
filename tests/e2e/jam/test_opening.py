"""Opening a session: from a finished song's lyrics, from the Jam button under a song, and
only where songs may be made."""

from __future__ import annotations

from tests.e2e.helpers import buttons
from tests.e2e.jam.steps import (
    EPHEMERAL,
    Jam,
    answered,
    in_thread,
    open_session,
    sheet_text,
    shows,
)


async def test_a_session_from_a_finished_songs_lyrics(jam: Jam) -> None:
    j = jam
    made = await j.discord.slash("song", {"prompt": "x"}, user=j.host)
    song = await j.discord.wait_for(lambda: (m := j.discord.original(made)) and buttons(m) and m)
    await j.bot.songs.wait_idle()
    [job] = j.simulator.simulator.jobs.values()
    sheet = await open_session(j, from_job=job.job_id)
    first = job.plan.lyrics_sections[0]["text"].splitlines()[0]
    await shows(j, sheet, first.split()[0])
    assert song is not None


async def test_the_jam_button_starts_a_session_from_the_song(jam: Jam) -> None:
    j = jam
    made = await j.discord.slash("song", {"prompt": "x"})
    song = await j.discord.wait_for(lambda: (m := j.discord.original(made)) and buttons(m) and m)
    await j.bot.songs.wait_idle()
    [job] = j.simulator.simulator.jobs.values()
    click = await j.discord.click(song, "Jam", user=j.host)
    sheet = await j.discord.wait_for(lambda: j.discord.original(click))
    # the session's last step: its thread hears it started
    await j.discord.wait_for(lambda: any("started" in m["content"] for m in in_thread(j, sheet)))
    first = job.plan.lyrics_sections[0]["text"].splitlines()[0]
    await shows(j, sheet, first.split()[0])
    assert "Lyrics by" in sheet_text(j, sheet)
    assert "member" in sheet_text(j, sheet)


async def test_the_jam_button_keeps_the_channel_rule(jam: Jam) -> None:
    """Where moderators turned songs off, neither the Jam button nor /jam opens a session."""
    j = jam
    made = await j.discord.slash("song", {"prompt": "x"})
    song = await j.discord.wait_for(lambda: (m := j.discord.original(made)) and buttons(m) and m)
    await j.bot.songs.wait_idle()
    elsewhere = int(j.discord.channel_ids[1])
    await j.bot.resources.moderation.set_channel(
        int(j.discord.guild_id), int(j.host["id"]), elsewhere, allowed=True, describe="elsewhere"
    )
    refused = await answered(j, await j.discord.click(song, "Jam", user=j.host))
    assert refused["flags"] & EPHEMERAL
    assert "Sessions can't be started in this channel" in refused["content"]
    by_command = await answered(j, await j.discord.slash("jam", {}, group="start"))
    assert "Sessions can't be started in this channel" in by_command["content"]
    assert await j.bot.resources.jams.live_sessions() == []
