"""/songs history, show and status, end to end."""

from __future__ import annotations

from typing import Any

from tests.e2e.helpers import Harness, fields, finished, reply
from tests.standin.discord import payloads as p


async def make_song(h: Harness) -> str:
    interaction = await h.discord.slash("song", {"prompt": "remember me"})
    await h.discord.wait_for(finished(h, interaction))
    await h.bot.songs.wait_idle()
    [job_id] = h.simulator.simulator.jobs
    return job_id


async def test_history_lists_songs_with_links(harness: Harness) -> None:
    h = harness
    job_id = await make_song(h)
    answer = await reply(h, await h.discord.slash("songs", {}, group="history"))
    text = answer["embeds"][0]["description"]
    [job] = h.simulator.simulator.jobs.values()
    assert job.plan.song_name.split()[0] in text
    assert f"`{job_id}`" in text
    assert f"https://discord.com/channels/{h.discord.guild_id}/" in text
    assert "✅ done" in text


async def test_show_again_posts_the_full_result(harness: Harness) -> None:
    h = harness
    job_id = await make_song(h)
    await h.discord.slash("songs", {"job_id": job_id}, group="show")

    def posted() -> Any:
        edits = [c for c in h.discord.calls_to("PATCH /webhooks") if c.files]
        return edits[-1] if edits else None

    call = await h.discord.wait_for(posted)
    embeds = call.json["embeds"]
    assert fields(embeds[0])["Status"] == "✅ Done"
    assert embeds[0]["footer"]["text"] == f"Job {job_id}"
    assert len(call.files) == 3


async def test_status_by_job_id_and_unknown_ids(harness: Harness) -> None:
    h = harness
    job_id = await make_song(h)
    answer = await reply(h, await h.discord.slash("songs", {"job_id": job_id}, group="status"))
    embed = answer["embeds"][0]
    assert fields(embed)["Status"] == "✅ finished"
    assert embed["footer"]["text"] == f"Job {job_id}"
    unknown = await reply(h, await h.discord.slash("songs", {"job_id": "nope"}, group="status"))
    assert "no song with that job id" in unknown["content"]


async def test_job_ids_and_time_zones_autocomplete(harness: Harness) -> None:
    h = harness
    job_id = await make_song(h)
    [job] = h.simulator.simulator.jobs.values()
    choices = await h.discord.autocomplete("songs", {"job_id": ""}, "job_id", group="show")
    assert [c["value"] for c in choices] == [job_id]
    assert choices[0]["name"].startswith(job.plan.song_name[:20].split()[0])
    none = await h.discord.autocomplete("songs", {"job_id": "zzz"}, "job_id", group="status")
    assert none == []
    zones = await h.discord.autocomplete(
        "songadmin", {"name": "new yo"}, "name", group="timezone", permissions=p.ALL_PERMISSIONS
    )
    assert {"name": "America/New_York", "value": "America/New_York"} in zones
