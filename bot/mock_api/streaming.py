"""Writing a job's events as Server-Sent Events, with the faults a network can show."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

from aiohttp import web

from bot.mock_api.faults import Faults
from bot.mock_api.jobs import SimulatedJob

_NEWLINES = {"lf": "\n", "crlf": "\r\n", "cr": "\r"}
STALL_LIMIT = 600.0  # a stalled stream gives up after this many seconds


def encode_event(event: dict[str, Any], newline: str = "\n") -> bytes:
    return f"data: {json.dumps(event, ensure_ascii=False)}{newline}{newline}".encode()


async def write_stream(request: web.Request, job: SimulatedJob) -> web.StreamResponse:
    """Replay the job's events so far, then each new one as it happens, until the end."""
    faults = job.faults
    response = web.StreamResponse(
        headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
    )
    await response.prepare(request)
    sent = 0
    while True:
        while sent < len(job.events):
            stage, event = job.stages[sent], job.events[sent]
            sent += 1
            await _write(response, encode_event(event, _NEWLINES[faults.newline]), faults)
            if stage == faults.drop_after:
                await _drop(request, response, faults)
                return response
        if job.finished:
            break
        changed = job.changed
        try:
            await asyncio.wait_for(changed.wait(), faults.keepalive)
        except TimeoutError:
            await response.write(b": keep-alive\n\n")
    await response.write_eof()
    return response


async def _write(response: web.StreamResponse, data: bytes, faults: Faults) -> None:
    if not faults.split:
        await response.write(data)
        return
    for start in range(0, len(data), faults.split):
        await response.write(data[start : start + faults.split])
        await asyncio.sleep(0)  # let each piece leave as its own write


async def _drop(request: web.Request, response: web.StreamResponse, faults: Faults) -> None:
    transport = request.transport
    if faults.drop_mode == "eof":
        await response.write_eof()
    elif faults.drop_mode == "stall":
        # Say nothing more, keep the connection open: the client's idle timeout must notice.
        # aiohttp offers no "peer closed" event to a handler, so look now and then.
        until = time.monotonic() + STALL_LIMIT
        while transport and not transport.is_closing() and time.monotonic() < until:  # noqa: ASYNC110
            await asyncio.sleep(0.05)
    elif transport is not None:
        transport.abort()  # a reset: the client sees the body cut off mid-stream
