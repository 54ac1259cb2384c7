"""Hostile answers from the API and hostile input from members, end to end: the real bot
between the Discord stand-in and the simulator."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from bot.features.songs.texts import FAILED_MINIMAL
from tests.conftest import TEST_KEY
from tests.e2e.helpers import EPHEMERAL, Harness, fields, song, use_faults


def everything_sent(h: Harness) -> str:
    bodies = [c.json for c in h.discord.calls]
    files = [f.data.decode("latin-1") for c in h.discord.calls for f in c.files]
    return json.dumps(bodies) + "".join(files)


async def test_files_named_inside_the_bots_network_are_never_fetched(
    harness: Harness, inside: tuple[str, list[str]]
) -> None:
    h = harness
    address, hits = inside
    use_faults(h, f"media_url={address}/latest/meta-data")
    message = await song(h, prompt="x")
    assert hits == []
    assert message["attachments"] == []
    main, v1, v2, *_ = message["embeds"]
    assert fields(main)["Status"] == "✅ Done"
    assert "its address is not one Soundverse serves files from" in fields(main)["Cover art"]
    assert "image" not in main
    for embed in (v1, v2):
        listen = fields(embed)["Listen"]
        assert "not fetched: its address is not one Soundverse serves files from" in listen
        assert f"({address}/latest/meta-data/" in listen  # shown as a link, never fetched
    assert "internal secrets" not in everything_sent(h)


async def test_a_long_markdown_name_does_not_break_the_finished_message(
    harness: Harness,
) -> None:
    h = harness
    use_faults(h, "song_name=" + "%2A%2A_x_%2A%2A" * 30)  # 300 characters of ** and _
    message = await song(h, prompt="x")
    main = message["embeds"][0]
    assert fields(main)["Status"] == "✅ Done"
    assert len(main["title"]) <= 256
    assert main["title"].startswith("\\*\\*\\_x\\_\\*\\*")


async def test_a_refused_final_message_falls_back_to_a_short_one(harness: Harness) -> None:
    h = harness
    h.discord.refuse_body = lambda body: any(
        f.get("name") == "Status" for e in body.get("embeds") or [] for f in e.get("fields", [])
    )
    interaction = await h.discord.slash("song", {"prompt": "x"})

    def short() -> Any:
        message = h.discord.original(interaction)
        return message if message and message["content"].startswith("✅") else None

    message = await h.discord.wait_for(short)
    await h.bot.songs.wait_idle()
    [job] = h.simulator.simulator.jobs.values()
    assert "Discord would not show it here" in message["content"]
    assert f"/songs show job_id:{job.job_id}" in message["content"]
    assert message["embeds"] == []


async def test_a_refused_failure_message_falls_back_too(harness: Harness) -> None:
    h = harness
    use_faults(h, "error=invalid_key")
    h.discord.refuse_body = lambda body: (
        bool(body.get("embeds"))
        and any(f.get("name") == "Status" for e in body["embeds"] for f in e.get("fields", []))
    )
    interaction = await h.discord.slash("song", {"prompt": "x"})
    message = await h.discord.wait_for(
        lambda: (m := h.discord.original(interaction)) and m["content"] == FAILED_MINIMAL and m
    )
    assert message["embeds"] == []
    await h.bot.songs.wait_idle()


@pytest.mark.parametrize(
    "fault",
    [
        "error=invalid_key; echo_key=1",
        "error=rate_limit; retry_after=7200; echo_key=1",
        f"fail_at=uploading_v1; fail_detail=Generation failed for Bearer {TEST_KEY}",
        f"song_name=Song for {TEST_KEY}",
    ],
)
async def test_the_api_key_is_never_shown_even_when_the_api_echoes_it(
    harness: Harness, fault: str, caplog: pytest.LogCaptureFixture
) -> None:
    h = harness
    caplog.set_level(logging.DEBUG)
    use_faults(h, fault)
    message = await song(h, prompt="x")
    assert message["embeds"]
    assert TEST_KEY not in everything_sent(h)
    assert TEST_KEY not in json.dumps(message)
    async with h.bot.resources.database.reading() as db:
        rows = await db.fetch("SELECT * FROM generations")
    assert TEST_KEY not in repr(rows)


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"prompt": "\u200b\u200c\u200d\u2060\ufeff"}, "Tell me what to make"),
        ({"prompt": "\u3164 \u2800"}, "Tell me what to make"),
        ({"prompt": "x", "vocal_url": "http://host/my song\nnext.wav"}, "`vocal_url` has spaces"),
        ({"prompt": "x", "melody_url": "http://h/a\u200b.wav"}, "invisible characters"),
        ({"prompt": "x", "reference_url": "http://me:pw@h/a.wav"}, "user name or password"),
    ],
)
async def test_invisible_and_malformed_input_is_refused_before_any_api_call(
    harness: Harness, options: dict[str, Any], expected: str
) -> None:
    h = harness
    await h.discord.slash("song", options)
    [call] = await h.discord.wait_for(lambda: h.discord.calls_to("POST /interactions"))
    data = call.json["data"]
    assert expected in data["content"]
    assert data["flags"] & EPHEMERAL
    assert h.simulator.simulator.calls == []
