"""The simulator over real HTTP: the documented behaviour, media, checks and faults."""

from __future__ import annotations

import io
import json
import wave
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from bot.mock_api import FAULT_HEADER, STAGES, RunningSimulator, serve
from bot.mock_api.media import wav_seconds
from bot.mock_api.streaming import encode_event
from bot.soundverse.request import MAX_AUDIO_BYTES, NOTHING_TO_GENERATE, PROMPT_TOO_LONG
from bot.soundverse.sse import SSEDecoder
from tests.conftest import TEST_KEY, fast_config

AUTH = {"Authorization": f"Bearer {TEST_KEY}"}


async def post(
    http: aiohttp.ClientSession,
    url: str,
    body: Any,
    fault: str | None = None,
    path: str = "/v7/generate/song",
) -> tuple[int, dict[str, str], bytes]:
    headers = {**AUTH, **({FAULT_HEADER: fault} if fault else {})}
    async with http.post(url + path, json=body, headers=headers) as response:
        return response.status, dict(response.headers), await response.read()


def events_of(body: bytes) -> list[dict[str, Any]]:
    decoder = SSEDecoder()
    return [json.loads(e.data) for e in decoder.feed(body)]


async def test_stream_has_every_stage_in_order_with_documented_fields(
    http: aiohttp.ClientSession, simulator: RunningSimulator
) -> None:
    status, headers, body = await post(http, simulator.url, {"prompt": "jazz"})
    assert status == 200
    assert headers["Content-Type"].startswith("text/event-stream")
    events = events_of(body)
    assert [e["status"] for e in events] == [
        "processing", "validated", "streaming", "streaming", "uploading", "uploading",
        "completed", "completed", "completed",
    ]  # fmt: skip
    assert [e["chunkIndex"] for e in events] == list(range(9))
    created, validated = events[0], events[1]
    assert created["type"] == "job_created"
    assert created["isComplete"] is False
    assert {"album_art", "song_name", "operation", "content"} <= validated.keys()
    assert validated["operation"] == "song_generate"
    assert {"version", "task_id", "stream_url", "streaming_ready"} <= events[2].keys()
    done_v1 = events[6]
    assert done_v1["isComplete"] is False
    assert {"audio_url", "audio_id", "audio_ready", "duration", "bpm", "lyrics_sections",
            "tokens", "totalTokens"} <= done_v1.keys()  # fmt: skip
    assert isinstance(done_v1["duration"], float)
    assert isinstance(done_v1["bpm"], int)
    final = events[-1]
    assert final["isComplete"] is True
    assert final["total_versions"] == 2
    assert len({e["message_id"] for e in events}) == 1


async def test_media_links_serve_real_files(
    http: aiohttp.ClientSession, simulator: RunningSimulator
) -> None:
    _, _, body = await post(http, simulator.url, {"prompt": "x"})
    events = events_of(body)
    final = events[-1]
    async with http.get(final["album_art"]) as response:
        assert response.content_type == "image/png"
        assert (await response.read()).startswith(b"\x89PNG")
    for done, streaming in ((events[6], events[2]), (events[7], events[3])):
        for url in (done["audio_url"], streaming["stream_url"]):
            async with http.get(url) as response:
                assert response.content_type == "audio/wav"
                with wave.open(io.BytesIO(await response.read())) as wav:
                    assert wav.getnframes() / wav.getframerate() == done["duration"]


async def test_unknown_media_is_404(
    http: aiohttp.ClientSession, simulator: RunningSimulator
) -> None:
    async with http.get(simulator.url + "/media/nope/cover.png") as response:
        assert response.status == 404


async def test_reference_operation_and_given_lyrics(
    http: aiohttp.ClientSession, simulator: RunningSimulator
) -> None:
    audio = simulator.url + "/_mock/jobs"  # any reachable URL will do as an input
    lyrics = "[Intro]\nhello\n\nfirst verse\nline two\n\n[Chorus]\nsing it"
    body = {"prompt": "x", "lyrics": lyrics, "melody_url": audio}
    _, _, raw = await post(http, simulator.url, body)
    events = events_of(raw)
    assert events[1]["operation"] == "song_with_reference"
    sections = events[6]["lyrics_sections"]
    assert [s["label"] for s in sections] == ["Intro", "Verse 1", "Chorus"]
    assert sections[1]["text"] == "first verse\nline two"
    assert sections[0]["start"] == 0.0
    assert sections[-1]["end"] == events[6]["duration"]


NOT_HTTP = "vocal_url must start with http:// or https://"


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        ({}, 400, NOTHING_TO_GENERATE),
        ({"prompt": "  "}, 400, NOTHING_TO_GENERATE),
        ({"prompt": "x" * 1025}, 422, PROMPT_TOO_LONG),
        ({"prompt": "x", "vocal_url": "ftp://a/b"}, 422, NOT_HTTP),
        ({"prompt": 5}, 422, "Every field must be a string"),
        ([1, 2], 422, "Request body must be a JSON object"),
    ],
)
async def test_validation(
    http: aiohttp.ClientSession,
    simulator: RunningSimulator,
    body: Any,
    status: int,
    detail: str,
) -> None:
    got, _, raw = await post(http, simulator.url, body)
    assert (got, json.loads(raw)) == (status, {"detail": detail})
    assert not simulator.simulator.jobs


@pytest.mark.parametrize("header", [None, "Bearer ", "Basic abc"])
async def test_a_bearer_key_is_required(
    http: aiohttp.ClientSession, simulator: RunningSimulator, header: str | None
) -> None:
    headers = {"Authorization": header} if header else {}
    async with http.post(
        simulator.url + "/v7/generate/song", json={"prompt": "x"}, headers=headers
    ) as response:
        assert response.status == 401
    assert not simulator.simulator.jobs


async def test_bad_fault_header_is_explained(
    http: aiohttp.ClientSession, simulator: RunningSimulator
) -> None:
    status, _, raw = await post(http, simulator.url, {"prompt": "x"}, fault="drop_after=never")
    assert status == 400
    assert "Bad X-Mock-Fault header" in json.loads(raw)["detail"]


async def test_error_count_fails_only_the_first_requests(http: aiohttp.ClientSession) -> None:
    async with serve(fast_config(faults=_faults("error=unavailable; error_count=2"))) as sim:
        statuses = [(await post(http, sim.url, {"prompt": "x"}))[0] for _ in range(3)]
    assert statuses == [503, 503, 200]


def _faults(spec: str) -> Any:
    from bot.mock_api import Faults

    return Faults.parse(spec)


async def test_song_name_and_audio_size_faults(
    http: aiohttp.ClientSession, simulator: RunningSimulator
) -> None:
    fault = "song_name=%40everyone; audio_size=300000"
    _, _, raw = await post(http, simulator.url, {"prompt": "x"}, fault=fault)
    events = events_of(raw)
    assert events[1]["song_name"] == "@everyone"
    async with http.get(events[6]["audio_url"]) as response:
        data = await response.read()
    assert len(data) == 300_000
    assert events[6]["duration"] == round(wav_seconds(data), 3)


async def test_failure_event_shape(
    http: aiohttp.ClientSession, simulator: RunningSimulator
) -> None:
    _, _, raw = await post(http, simulator.url, {"prompt": "x"}, fault="fail_at=uploading_v1")
    events = events_of(raw)
    assert events[-1] == {
        "message_id": events[0]["message_id"],
        "status": "failed",
        "error": True,
        "detail": "Generation failed: the model could not render this song.",
        "chunkIndex": 4,
    }


@pytest.mark.parametrize("shape", ["versions", "flat", "audio_data"])
async def test_status_shapes(
    http: aiohttp.ClientSession, simulator: RunningSimulator, shape: str
) -> None:
    _, _, raw = await post(http, simulator.url, {"prompt": "x"}, fault=f"status_shape={shape}")
    job_id = events_of(raw)[0]["job_id"]
    async with http.get(f"{simulator.url}/v7/status/{job_id}", headers=AUTH) as response:
        answer = await response.json()
    assert answer["job_id"] == job_id
    assert answer["status"] == "completed"
    assert answer["isComplete"] is True
    if shape == "versions":
        assert [v["version"] for v in answer["versions"]] == [1, 2]
        assert all(v["audio_url"] for v in answer["versions"])
    elif shape == "audio_data":
        assert len(answer["audio_data"]) == 2
    else:
        assert answer["version"] == 2


async def test_status_needs_the_key_and_a_known_job(
    http: aiohttp.ClientSession, simulator: RunningSimulator
) -> None:
    async with http.get(simulator.url + "/v7/status/nope") as response:
        assert response.status == 401
    async with http.get(simulator.url + "/v7/status/nope", headers=AUTH) as response:
        assert response.status == 404


async def test_job_list_for_tests(http: aiohttp.ClientSession, simulator: RunningSimulator) -> None:
    await post(http, simulator.url, {"prompt": "x"})
    async with http.get(simulator.url + "/_mock/jobs") as response:
        [job] = await response.json()
    assert job["stages"] == list(STAGES)
    assert len(job["emitted_at"]) == len(STAGES)
    assert job["emitted_at"] == sorted(job["emitted_at"])
    assert job["finished"] is True
    assert job["request"] == {"prompt": "x"}


def test_encode_event_newlines() -> None:
    assert encode_event({"a": "é"}, "\r\n") == 'data: {"a": "é"}\r\n\r\n'.encode()


# --- audio inputs are fetched and measured, like the real service does ---


@pytest.fixture
async def files() -> AsyncIterator[str]:
    async def small(_request: web.Request) -> web.Response:
        return web.Response(body=b"RIFF" + bytes(1000), content_type="audio/wav")

    async def huge(_request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()
        await response.prepare(_request)
        block = bytes(1 << 20)
        for _ in range(MAX_AUDIO_BYTES // len(block) + 1):
            await response.write(block)
        return response

    app = web.Application()
    app.router.add_get("/small.wav", small)
    app.router.add_get("/huge.wav", huge)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    await runner.cleanup()


async def test_inputs_are_checked(
    http: aiohttp.ClientSession, simulator: RunningSimulator, files: str
) -> None:
    ok, _, _ = await post(http, simulator.url, {"reference_url": f"{files}/small.wav"})
    assert ok == 200
    status, _, raw = await post(http, simulator.url, {"vocal_url": f"{files}/huge.wav"})
    assert (status, json.loads(raw)) == (
        413,
        {"success": False, "message": "Vocal audio file error: File too large"},
    )
    status, _, raw = await post(http, simulator.url, {"melody_url": f"{files}/missing.wav"})
    assert status == 400
    assert json.loads(raw)["message"] == "Melody audio file error: Could not download file"
    assert len(simulator.simulator.jobs) == 1
