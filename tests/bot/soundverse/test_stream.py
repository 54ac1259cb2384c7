"""The event reader: bytes off the body in, events out, and a word when the body goes quiet."""

from __future__ import annotations

import asyncio
from unittest import mock

import aiohttp

from bot.soundverse import JobCreated, Quiet, Validated
from bot.soundverse.sse import SSEDecoder
from bot.soundverse.stream import EventReader


def body() -> aiohttp.StreamReader:
    return aiohttp.StreamReader(
        mock.Mock(_reading_paused=False), 2**16, loop=asyncio.get_running_loop()
    )


async def test_a_quiet_stream_is_told_once_then_events_go_on() -> None:
    stream = body()
    reader = EventReader(SSEDecoder(), quiet_after=0.01, idle_timeout=90)
    events = reader.events(stream, job_id=lambda: None)
    first = await anext(events)
    assert first == Quiet(silent_for=0.01, follow_after=90)
    stream.feed_data(b'data: {"type": "job_created", "job_id": "j1", "status": "processing"}\n\n')
    second = await anext(events)
    assert isinstance(second, JobCreated)
    assert second.job_id == "j1"
    stream.feed_eof()
    assert [e async for e in events] == []


async def test_each_silence_is_told_once() -> None:
    stream = body()
    reader = EventReader(SSEDecoder(), quiet_after=0.01, idle_timeout=90)
    events = reader.events(stream, job_id=lambda: None)
    stream.feed_data(b'data: {"type": "job_created", "job_id": "j1", "status": "processing"}\n\n')
    assert isinstance(await anext(events), JobCreated)  # the timer runs from here on
    assert await anext(events) == Quiet(silent_for=0.01, follow_after=90)
    stream.feed_data(b'data: {"status": "validated", "job_id": "j1"}\n\n')
    assert isinstance(await anext(events), Validated)
    assert await anext(events) == Quiet(silent_for=0.01, follow_after=90)  # a new silence
    stream.feed_eof()
    assert [e async for e in events] == []
