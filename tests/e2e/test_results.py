"""The buttons under a finished song, end to end: real clicks through the Discord stand-in."""

from __future__ import annotations

import io
import json
import wave
from pathlib import Path
from typing import Any

from bot.features.songs.results import texts
from bot.mock_api import Faults, RunningSimulator
from tests.e2e.helpers import (
    EPHEMERAL,
    LABELS,
    Harness,
    a_song,
    admin,
    bot_settings,
    buttons,
    callback,
    fields,
    made,
    reply,
    start_bot,
    stop_bot,
)
from tests.standin.discord.server import DiscordStandIn


def text_of(message: dict[str, Any]) -> str:
    return json.dumps(message, ensure_ascii=False)


async def test_a_finished_song_has_its_buttons(harness: Harness) -> None:
    message = await a_song(harness)
    row = buttons(message)
    assert [b["label"] for b in row] == LABELS
    song_id = row[0]["custom_id"].rsplit(":", 1)[1]
    words = ("regenerate", "remix", "lyrics", "jam", "play", "delete")
    assert [b["custom_id"] for b in row] == [f"songbot:{a}:{song_id}" for a in words]
    assert [len(r["components"]) for r in message["components"]] == [5, 1]


async def test_regenerate_makes_the_same_request_again_and_says_so(harness: Harness) -> None:
    h = harness
    original = await a_song(h, lyrics="la la la")
    click = await h.discord.click(original, "Regenerate", user=h.discord.owner)
    again = await made(h, click)
    first, second = (job.request for job in h.simulator.simulator.jobs.values())
    assert second == first
    description = again["embeds"][0]["description"]
    assert "🔁 Regenerated from [" in description
    assert f"/{original['channel_id']}/{original['id']})" in description
    assert again["embeds"][0]["author"]["name"] == "Requested by owner"
    assert [b["label"] for b in buttons(again)] == LABELS

    history = await reply(
        h, await h.discord.slash("songs", {}, group="history", user=h.discord.owner)
    )
    assert "🔁 regenerated from" in history["embeds"][0]["description"]


async def test_remix_builds_on_the_chosen_version(harness: Harness) -> None:
    h = harness
    original = await a_song(h)
    [job] = h.simulator.simulator.jobs.values()
    click = await h.discord.click(original, "Remix")
    await h.discord.wait_for(lambda: click.modal)
    assert click.modal is not None
    inputs = {c["component"]["custom_id"]: c["component"] for c in click.modal["components"]}
    assert inputs["prompt"]["value"] == "rain"
    first_label = job.plan.lyrics_sections[0]["label"]
    assert inputs["lyrics"]["value"].startswith(f"[{first_label}]")
    assert [o["label"] for o in inputs["version"]["options"]] == ["Version 1", "Version 2"]

    submit = await h.discord.submit_modal(click, {"prompt": "rain, but jazz", "version": ["2"]})
    remixed = await made(h, submit)
    request = list(h.simulator.simulator.jobs.values())[-1].request
    assert request["reference_url"] == job.links.audio[1]
    assert request["prompt"] == "rain, but jazz"
    assert request["lyrics"].startswith(f"[{first_label}]")
    assert "🎛️ Remix of version 2 of [" in remixed["embeds"][0]["description"]


async def test_lyrics_are_shown_privately(harness: Harness) -> None:
    h = harness
    original = await a_song(h)
    [job] = h.simulator.simulator.jobs.values()
    answer = await reply(h, await h.discord.click(original, "Lyrics", user=h.discord.owner))
    assert answer["flags"] & EPHEMERAL
    assert answer["embeds"][0]["title"].startswith("Lyrics of ")
    shown = "".join(e["description"] for e in answer["embeds"])
    for section in job.plan.lyrics_sections:
        assert section["label"] in shown


async def test_long_lyrics_come_as_a_file(harness: Harness) -> None:
    h = harness
    lyrics = "\n\n".join(f"[Verse {n}]\n" + "la " * 600 for n in range(1, 6))
    original = await a_song(h, lyrics=lyrics)
    click = await h.discord.click(original, "Lyrics")
    call = await h.discord.wait_for(lambda: callback(h.discord, click))
    assert call.json["data"]["flags"] & EPHEMERAL
    [upload] = call.files
    assert upload.filename == "lyrics.txt"
    assert upload.data.decode().count("[Verse") >= 1


async def test_fifty_regenerate_clicks_against_a_limit_of_three_make_three(
    harness: Harness,
) -> None:
    h = harness
    original = await made(h, await h.discord.slash("song", {"prompt": "x"}, user=h.discord.owner))
    await admin(h, "limits", member_daily=3)
    clicks = [await h.discord.click(original, "Regenerate") for _ in range(50)]
    answers = [await reply(h, click) for click in clicks]
    refused = [a for a in answers if a.get("flags", 0) & EPHEMERAL]
    assert len(refused) == 47
    assert all("You've made your 3 songs for today" in a["content"] for a in refused)
    for click in clicks:
        if not (h.discord.original(click) or {}).get("flags", 0) & EPHEMERAL:
            await made(h, click)
    assert len(h.simulator.simulator.jobs) == 4  # the original and three


async def test_regenerate_refuses_a_blocked_member(harness: Harness) -> None:
    h = harness
    original = await made(h, await h.discord.slash("song", {"prompt": "x"}, user=h.discord.owner))
    await admin(h, "block", member=h.discord.member_ref(h.discord.member))
    answer = await reply(h, await h.discord.click(original, "Regenerate"))
    assert answer["flags"] & EPHEMERAL
    assert "paused your song-making" in answer["content"]
    assert len(h.simulator.simulator.jobs) == 1


def a_wav() -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(8000)
        file.writeframes(b"\0\0" * 800)
    return out.getvalue()


async def test_an_expired_attachment_asks_for_the_file_again(harness: Harness) -> None:
    h = harness
    attachment = h.discord.add_attachment("hum.wav", a_wav(), "audio/wav")
    interaction = await h.discord.slash(
        "song", {"prompt": "x"}, attachments={"reference": attachment}
    )
    original = await made(h, interaction)
    h.discord.forget_file(attachment)  # Discord's signed attachment links expire

    again = await made(h, await h.discord.click(original, "Regenerate"))
    assert "please attach the file again" in fields(again["embeds"][0])["What happened"]
    assert len(h.simulator.simulator.jobs) == 1  # refused before any job was made


async def test_a_button_of_a_song_no_longer_recorded(harness: Harness) -> None:
    h = harness
    original = await a_song(h)
    song_id = int(buttons(original)[0]["custom_id"].rsplit(":", 1)[1])
    async with h.bot.resources.database.transaction() as db:
        await db.execute("DELETE FROM generation_messages WHERE generation_id = ?", (song_id,))
        await db.execute("DELETE FROM generations WHERE id = ?", (song_id,))
    for label in LABELS:
        answer = await reply(h, await h.discord.click(original, label))
        assert answer["flags"] & EPHEMERAL
        assert "no longer have that song" in answer["content"]


async def test_regenerate_after_a_restart_on_a_message_from_before_it(
    discord_standin: DiscordStandIn, simulator: RunningSimulator, tmp_path: Path
) -> None:
    settings = bot_settings(discord_standin, simulator, tmp_path)
    bot, task, resources = await start_bot(settings, discord_standin)
    first = await discord_standin.slash("song", {"prompt": "before"})
    original = await discord_standin.wait_for(
        lambda: (m := discord_standin.original(first)) and buttons(m) and m
    )
    await bot.songs.wait_idle()
    await stop_bot(bot, task, resources)

    bot, task, resources = await start_bot(settings, discord_standin)
    try:
        click = await discord_standin.click(original, "Regenerate")
        again = await discord_standin.wait_for(
            lambda: (m := discord_standin.original(click)) and buttons(m) and m, limit=30
        )
        await bot.songs.wait_idle()
        assert "🔁 Regenerated from" in again["embeds"][0]["description"]
        assert len(simulator.simulator.jobs) == 2
    finally:
        await stop_bot(bot, task, resources)


async def test_a_failed_song_offers_to_try_again(harness: Harness) -> None:
    h = harness
    h.simulator.simulator.config.faults = Faults.parse("fail_at=uploading_v1")
    failed = await a_song(h)
    assert "What happened" in fields(failed["embeds"][0])
    assert [b["label"] for b in buttons(failed)] == ["Regenerate", "Delete"]
    h.simulator.simulator.config.faults = Faults()
    again = await made(h, await h.discord.click(failed, "Regenerate"))
    assert fields(again["embeds"][0])["Status"] == "✅ Done"


async def test_a_refusal_speaks_the_members_language_when_a_catalog_has_it(
    discord_standin: DiscordStandIn, simulator: RunningSimulator, tmp_path: Path
) -> None:
    french = {texts.NOT_YOURS: "Seul le membre qui a fait cette chanson peut la supprimer."}
    settings = bot_settings(discord_standin, simulator, tmp_path)
    bot, task, resources = await start_bot(settings, discord_standin, catalogs={"fr": french})
    try:
        made = await discord_standin.slash("song", {"prompt": "x"})
        song = await discord_standin.wait_for(
            lambda: (m := discord_standin.original(made)) and buttons(m) and m
        )
        await bot.songs.wait_idle()
        owner = discord_standin.owner
        french_click = await discord_standin.click(song, "Delete", user=owner, locale="fr")
        english_click = await discord_standin.click(song, "Delete", user=owner)
        in_french = await discord_standin.wait_for(lambda: discord_standin.original(french_click))
        in_english = await discord_standin.wait_for(lambda: discord_standin.original(english_click))
        assert in_french["content"].startswith("Seul le membre")
        assert in_english["content"] == texts.NOT_YOURS
    finally:
        await stop_bot(bot, task, resources)
