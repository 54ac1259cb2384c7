"""What /song refuses, and what it says when the API fails: bad input and bad attachments are
refused before any API call, and every API error becomes one friendly reply."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.conftest import TEST_KEY
from tests.e2e.helpers import EPHEMERAL, Harness, fields, finished, song, use_faults


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"prompt": "x" * 1030}, "1,030 characters: 6 over the limit of 1,024"),
        ({"lyrics": "only lyrics"}, "Tell me what to make"),
        ({"prompt": "x", "vocal_url": "ftp://example.test/a.mp3"}, "`vocal_url` must start with"),
    ],
)
async def test_bad_input_is_refused_before_any_api_call(
    harness: Harness, options: dict[str, Any], expected: str
) -> None:
    h = harness
    interaction = await h.discord.slash("song", options)
    call = await h.discord.wait_for(lambda: h.discord.calls_to("POST /interactions"))
    data = call[0].json["data"]
    assert expected in data["content"]
    assert data["flags"] & EPHEMERAL
    assert interaction.original_id is not None
    assert h.simulator.simulator.calls == []


@pytest.mark.parametrize(
    ("filename", "content_type", "size", "expected"),
    [
        ("notes.txt", "text/plain", 100, "must be an audio file, but 'notes.txt' (text/plain)"),
        (
            "big.mp3",
            "audio/mpeg",
            11 * 1024 * 1024,
            "is 11.0 MB; audio inputs can be at most 10 MB",
        ),
    ],
)
async def test_bad_attachments_are_refused(
    harness: Harness, filename: str, content_type: str, size: int, expected: str
) -> None:
    h = harness
    attachment = h.discord.add_attachment(filename, b"x", content_type)
    attachment["size"] = size
    await h.discord.slash("song", {"prompt": "x"}, attachments={"melody": attachment})
    [call] = await h.discord.wait_for(lambda: h.discord.calls_to("POST /interactions"))
    assert expected in call.json["data"]["content"]
    assert h.simulator.simulator.calls == []


async def test_an_attachment_is_sent_by_its_own_url(harness: Harness) -> None:
    h = harness
    attachment = h.discord.add_attachment("hum.wav", b"RIFF" + bytes(2000), "audio/wav")
    message = await song_with(h, {"prompt": "x"}, {"melody": attachment})
    [job] = h.simulator.simulator.jobs.values()
    assert job.request["melody_url"] == attachment["url"]
    assert job.operation == "song_with_reference"
    assert fields(message["embeds"][0])["Status"] == "✅ Done"


async def song_with(
    h: Harness, options: dict[str, Any], attachments: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    interaction = await h.discord.slash("song", options, attachments=attachments)
    message: dict[str, Any] = await h.discord.wait_for(finished(h, interaction))
    await h.bot.songs.wait_idle()
    return message


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        ("error=invalid_key", "API key was refused"),
        ("error=unavailable", "Soundverse is having trouble right now"),
        ("fail_at=uploading_v2; fail_detail=Generation failed: vocals clipped", "vocals clipped"),
    ],
)
async def test_api_errors_become_friendly_replies(
    harness: Harness, fault: str, expected: str
) -> None:
    h = harness
    use_faults(h, fault)
    message = await song(h, prompt="x")
    embed = message["embeds"][0]
    assert fields(embed)["Status"] == "❌ No song this time"
    assert expected in fields(embed)["What happened"]
    assert TEST_KEY not in json.dumps([c.json for c in h.discord.calls])


async def test_rate_limit_says_when_to_try_again(harness: Harness) -> None:
    h = harness
    use_faults(h, "error=rate_limit; retry_after=7200")  # longer than the queue waits
    message = await song(h, prompt="x")
    text = fields(message["embeds"][0])["What happened"]
    assert re.search(r"try again <t:\d+:R>", text)


@pytest.mark.parametrize(
    "fault",
    ["error=unavailable; error_count=1", "error=rate_limit; retry_after=0; error_count=1"],
    ids=["an outage", "a short Retry-After"],
)
async def test_a_passing_refusal_is_retried_before_giving_up(harness: Harness, fault: str) -> None:
    h = harness
    use_faults(h, fault)
    message = await song(h, prompt="x")
    assert fields(message["embeds"][0])["Status"] == "✅ Done"
    posts = [c for c in h.simulator.simulator.calls if c[0] == "POST"]
    assert len(posts) == 2
    assert len(h.simulator.simulator.jobs) == 1
