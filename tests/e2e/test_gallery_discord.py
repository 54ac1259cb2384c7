"""The web gallery seen from Discord (``WEB_PUBLIC_URL`` set): /help and a finished song link
to it while the server's gallery is on, and the Delete question offers to hide the song from
it instead, by the gallery's own rule (its maker, or a moderator)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.mock_api import RunningSimulator
from bot.store.gallery import GalleryRepository, Query
from tests.e2e.helpers import (
    EPHEMERAL,
    Harness,
    a_song,
    admin,
    bot_settings,
    buttons,
    check_clean_run,
    reply,
    start_bot,
    stop_bot,
)
from tests.standin.discord.server import DiscordStandIn

PUBLIC = "https://songs.example.com"


def text_of(message: dict[str, Any]) -> str:
    return json.dumps(message, ensure_ascii=False)


@pytest.fixture
async def with_gallery(
    discord_standin: DiscordStandIn,
    simulator: RunningSimulator,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> AsyncIterator[Harness]:
    settings = bot_settings(discord_standin, simulator, tmp_path, web_public_url=PUBLIC)
    bot, task, resources = await start_bot(settings, discord_standin)
    yield Harness(bot, discord_standin, simulator)
    await stop_bot(bot, task, resources)
    check_clean_run(discord_standin, caplog)


async def _shown(h: Harness) -> list[str | None]:
    songs = GalleryRepository(h.bot.resources.database)
    return [s.song_name for s in await songs.songs(Query(int(h.discord.guild_id)))]


async def test_links_and_the_hide_button_only_while_the_gallery_is_on(
    with_gallery: Harness,
) -> None:
    h = with_gallery
    off = await a_song(h)
    assert PUBLIC not in text_of(off)
    helped = await reply(h, await h.discord.slash("help", {}))
    assert PUBLIC not in text_of(helped)
    ask = await reply(h, await h.discord.click(off, "Delete"))
    assert [b["label"] for b in buttons(ask)] == ["Yes, delete it", "Keep it"]

    await admin(h, "gallery", visibility="members")
    gallery = f"{PUBLIC}/servers/{h.discord.guild_id}"
    on = await a_song(h)
    [job] = [j for j in h.simulator.simulator.jobs.values() if j.job_id in text_of(on)]
    assert f"[Open in the gallery]({gallery}/songs/{job.job_id})" in text_of(on)
    helped = await reply(h, await h.discord.slash("help", {}))
    assert f"]({gallery})" in text_of(helped)

    asked = await h.discord.click(on, "Delete")
    confirm = await h.discord.wait_for(lambda: h.discord.original(asked))
    assert [b["label"] for b in buttons(confirm)] == [
        "Yes, delete it", "Hide from the gallery", "Keep it",
    ]  # fmt: skip
    name = on["embeds"][0]["title"]
    assert name in await _shown(h)
    stranger = await reply(
        h, await h.discord.click(confirm, "Hide from the gallery", user=h.discord.owner)
    )
    assert stranger["flags"] & EPHEMERAL
    assert "Only the member who made this song, or a moderator" in stranger["content"]
    await h.discord.click(confirm, "Hide from the gallery")
    await h.discord.wait_for(lambda: "Hid" in h.discord.messages[confirm["id"]]["content"])
    assert name not in await _shown(h)
    assert on["id"] in h.discord.messages  # its message stays

    again = await h.discord.click(on, "Delete")
    question = await h.discord.wait_for(lambda: h.discord.original(again))
    await admin(h, "gallery", visibility="off")  # its question still shows the button
    late = await reply(h, await h.discord.click(question, "Hide from the gallery"))
    assert "web gallery is off" in late["content"]
