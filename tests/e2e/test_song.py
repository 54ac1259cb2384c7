"""/song end to end: the real bot, the Discord stand-in and the Soundverse simulator."""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

import pytest

from bot.core.formatting import fit
from tests.e2e.helpers import Harness, acknowledge_at_once, fields, finished, song, use_faults
from tests.standin.discord.server import Call


def edits_of(h: Harness) -> list[Call]:
    return [
        c for c in h.discord.calls if c.method == "PATCH" and c.route.startswith("PATCH /webhooks")
    ]


async def test_happy_path(harness: Harness) -> None:
    h = harness
    message = await song(h, prompt="a sea shanty about **rain**")
    [job] = h.simulator.simulator.jobs.values()
    main, v1, v2, lyrics, *_ = message["embeds"]

    assert main["title"] == fit(job.plan.song_name)
    assert main["description"].startswith("> a sea shanty about \\*\\*rain\\*\\*")
    assert main["author"]["name"] == "Requested by member"
    assert main["footer"]["text"] == f"Job {job.job_id}"
    assert fields(main)["Status"] == "✅ Done"
    assert main["image"]["url"].startswith("attachment://")
    for number, embed in ((1, v1), (2, v2)):
        assert embed["title"] == f"Version {number}"
        assert fields(embed)["Duration"] == "0:01"
        assert fields(embed)["BPM"] == str(job.plan.bpm[number - 1])
        assert job.links.audio[number - 1] in fields(embed)["Listen"]
    assert lyrics["title"] == "Lyrics"
    assert job.plan.lyrics_sections[0]["label"] in lyrics["description"]

    files = [a["filename"] for a in message["attachments"]]
    assert files[0].endswith("-cover.png")
    assert [f.split("-", 2)[:2] for f in files[1:]] == [["version", "1"], ["version", "2"]]
    uploaded = {f.filename: f for c in h.discord.calls for f in c.files}
    assert uploaded[files[1]].data.startswith(b"RIFF")
    assert uploaded[files[0]].data.startswith(b"\x89PNG")
    assert main["image"]["url"] == f"attachment://{files[0]}"

    # The story was told on one message: a first screen, then edits.
    [callback] = h.discord.calls_to("POST /interactions")
    # 4: the first screen at once; 5 ("thinking…", then edited into it) only when this machine
    # was too slow to take the song's place within the bot's answer_within seconds
    assert callback.json["type"] in {4, 5}
    assert edits_of(h)
    assert not h.discord.calls_to("POST /webhooks")  # no follow-ups were needed
    assert not h.discord.calls_to("POST /channels")


async def test_stages_are_shown_with_a_preview_link(harness: Harness) -> None:
    h = harness
    use_faults(h, "slow=uploading_v1:0.6; slow=uploading_v1:0.6")
    await song(h, prompt="x")
    [job] = h.simulator.simulator.jobs.values()
    shown = [json.dumps(c.json, ensure_ascii=False) for c in edits_of(h)]
    preview = next(s for s in shown if job.links.preview[0] in s)
    assert "preview 1" in preview
    assert job.plan.song_name in preview


async def test_nobody_is_ever_pinged(harness: Harness) -> None:
    h = harness
    use_faults(h, "song_name=%40everyone %3C%40123%3E")
    message = await song(h, prompt="@here hello <@&42>")
    title = message["embeds"][0]["title"]
    assert "@everyone" not in title
    assert "@\u200beveryone" in title
    assert "@here" not in message["embeds"][0]["description"]
    sent = [c for c in h.discord.calls if isinstance(c.json, dict) and c.method != "GET"]
    bodies = [c.json.get("data", c.json) for c in sent]
    assert bodies
    for body in bodies:
        if "embeds" in body or "content" in body:
            assert body["allowed_mentions"] == {"parse": []}, body


async def test_audio_too_large_to_upload_falls_back_to_links(harness: Harness) -> None:
    h = harness
    h.discord.attachment_size_limit = 40_000
    use_faults(h, "audio_size=60000")
    message = await song(h, prompt="x")
    names = [a["filename"] for a in message["attachments"]]
    assert len(names) == 1
    assert names[0].endswith("cover.png")
    [job] = h.simulator.simulator.jobs.values()
    for number in (1, 2):
        listen = fields(message["embeds"][number])["Listen"]
        assert "(too large to attach here)" in listen
        assert job.links.audio[number - 1] in listen


async def test_edits_are_coalesced(harness: Harness) -> None:
    h = harness
    await song(h, prompt="x")  # an instant simulator: nine events at once
    edits = edits_of(h)
    interval = h.bot.songs.config.edit_interval
    span = edits[-1].at - edits[0].at
    assert 1 <= len(edits) <= 2 + span / interval  # at most one edit per interval
    assert len(edits) < len(
        h.simulator.simulator.jobs[next(iter(h.simulator.simulator.jobs))].events
    )
    payloads = [json.dumps(c.json, sort_keys=True) for c in edits]
    assert all(a != b for a, b in itertools.pairwise(payloads))


async def test_many_songs_at_once_in_one_channel(harness: Harness) -> None:
    h = harness
    interactions = [await h.discord.slash("song", {"prompt": f"song {n}"}) for n in range(6)]
    for interaction in interactions:
        await h.discord.wait_for(finished(h, interaction), limit=60)
    await h.bot.songs.wait_idle()
    assert len(h.simulator.simulator.jobs) == 6
    assert not h.discord.rate_limited


async def test_lyrics_from_the_form(harness: Harness) -> None:
    h = harness
    opened = await h.discord.slash("song", {"prompt": "x", "write_lyrics": True})
    await h.discord.wait_for(lambda: opened.modal)
    assert opened.modal is not None
    lyrics = "[Verse]\nline one\nline two\n\n[Chorus]\nsing it"
    inputs = _text_inputs(opened.modal)
    submitted = await h.discord.submit_modal(opened, {inputs[0]: lyrics})
    message = await h.discord.wait_for(finished(h, submitted))
    await h.bot.songs.wait_idle()
    [job] = h.simulator.simulator.jobs.values()
    assert job.request["lyrics"] == lyrics
    assert "Lyrics written in the form" in message["embeds"][0]["description"]
    assert "line one\nline two" in message["embeds"][3]["description"]


def _text_inputs(modal: dict[str, Any]) -> list[str]:
    return [
        component["custom_id"]
        for row in modal["components"]
        for component in [row.get("component"), *row.get("components", [])]
        if component and component.get("type") == 4
    ]


async def test_a_slow_start_is_acknowledged_then_shown_in_the_same_message(
    harness: Harness,
) -> None:
    h = harness
    acknowledge_at_once(h)
    interaction = await h.discord.slash("song", {"prompt": "x"})
    message = await h.discord.wait_for(finished(h, interaction))
    await h.bot.songs.wait_idle()
    [callback] = [c for c in h.discord.calls_to("POST /interactions") if interaction.id in c.path]
    assert callback.json["type"] == 5  # "songbot is thinking…", within Discord's 3 seconds
    assert message["attachments"]
    assert len(h.simulator.simulator.jobs) == 1


async def test_one_log_line_at_the_start_and_the_end_of_each_song(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    h = harness
    caplog.set_level("INFO", logger="songbot.songs")
    await song(h, prompt="x")
    [job] = h.simulator.simulator.jobs.values()
    lines = [r.getMessage() for r in caplog.records if r.name == "songbot.songs"]
    guild, member = h.discord.guild_id, h.discord.member["id"]
    assert lines[0] == f"song 1 started: server {guild}, member {member}, job {job.job_id}"
    assert re.fullmatch(
        rf"song 1 completed: server {guild}, member {member}, job {job.job_id}, "
        r"[0-9.]+ s, [0-9]+ tokens",
        lines[-1],
    )
