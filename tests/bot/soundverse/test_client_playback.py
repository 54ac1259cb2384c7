"""The client against a stand-in that plays back fixed bytes: what the simulator never says
(unknown fields and statuses, a stream that ends before a job, an error object inside it)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from bot.soundverse import (
    InsufficientBalanceError,
    JobCompleted,
    JobCreated,
    StreamBrokenError,
    UnknownEvent,
    Validated,
)
from tests.bot.soundverse.driving import run
from tests.conftest import make_client


@pytest.fixture
async def playback() -> AsyncIterator[Callable[[bytes], str]]:
    """Serve ``bytes`` as an event stream at a fresh URL, then close the connection."""
    bodies: dict[str, bytes] = {}

    async def handler(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        await response.write(bodies[request.match_info["name"]])
        await response.write_eof()
        return response

    async def status(_request: web.Request) -> web.Response:
        return web.json_response({"status": "completed", "isComplete": True, "song_name": "S"})

    app = web.Application()
    app.router.add_post("/{name}/v7/generate/song", handler)
    app.router.add_get("/{name}/v7/status/{job_id}", status)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]

    def add(body: bytes) -> str:
        name = f"s{len(bodies)}"
        bodies[name] = body
        return f"http://127.0.0.1:{port}/{name}"

    yield add
    await runner.cleanup()


def sse(*events: dict[str, Any] | str) -> bytes:
    return b"".join(
        (e if isinstance(e, str) else f"data: {json.dumps(e)}\n\n").encode() for e in events
    )


async def test_unknown_fields_and_statuses_pass_through(
    http: aiohttp.ClientSession, playback: Callable[[bytes], str]
) -> None:
    url = playback(
        sse(
            {"type": "job_created", "job_id": "j1", "status": "processing", "queue": 3},
            {"status": "mastering", "progress": 0.5},
            "data: not json\n\n",
            "data: [1, 2]\n\n",
            {"status": "validated", "song_name": "S", "mood": "calm"},
            {"status": "completed", "isComplete": True, "total_versions": 2},
        )
    )
    events, state = await run(make_client(http, url))
    assert [type(e) for e in events] == [JobCreated, UnknownEvent, Validated, JobCompleted]
    assert events[1].raw == {"status": "mastering", "progress": 0.5}
    assert events[2].model_extra == {"mood": "calm"}
    assert state.done


async def test_broken_before_job_id_is_not_resumed(
    http: aiohttp.ClientSession, playback: Callable[[bytes], str]
) -> None:
    url = playback(b": hello\n\n")
    with pytest.raises(StreamBrokenError) as caught:
        await run(make_client(http, url))
    assert caught.value.job_id is None
    assert not caught.value.billed


async def test_error_object_inside_the_stream(
    http: aiohttp.ClientSession, playback: Callable[[bytes], str]
) -> None:
    url = playback(
        sse(
            {"type": "job_created", "job_id": "j1", "status": "processing"},
            {"success": False, "message": "Insufficient balance for this operation."},
        )
    )
    with pytest.raises(InsufficientBalanceError) as caught:
        await run(make_client(http, url))
    assert caught.value.job_id == "j1"
