"""The client end to end, over real loopback HTTP, against the simulator."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.mock_api import STAGES, Faults, RunningSimulator, serve
from bot.soundverse import (
    AuthenticationError,
    ClientEvent,
    InvalidRequestError,
    JobCompleted,
    JobFailedError,
    JobState,
    Reconnecting,
    Retrying,
    ServiceUnavailableError,
    SongRequest,
    SoundverseClient,
    StreamBrokenError,
)
from tests.bot.soundverse.driving import run
from tests.conftest import fast_config, make_client


def assert_matches_simulator(state: JobState, simulator: RunningSimulator) -> None:
    """The state holds exactly the song the simulator made, and only one job was made."""
    [job] = simulator.simulator.jobs.values()
    assert state.done
    assert state.job_id == job.job_id
    assert state.song_name == job.plan.song_name
    assert state.album_art == job.links.cover
    assert {n: v.audio_url for n, v in state.versions.items()} == {
        1: job.links.audio[0],
        2: job.links.audio[1],
    }
    assert [state.versions[n].bpm for n in (1, 2)] == list(job.plan.bpm)
    assert [state.versions[n].duration for n in (1, 2)] == [job.seconds, job.seconds]
    assert state.tokens_used == sum(job.plan.tokens)
    assert [s.label for s in state.lyrics_sections] == [
        s["label"] for s in job.plan.lyrics_sections
    ]
    posts = [call for call in simulator.simulator.calls if call[0] == "POST"]
    assert posts == [("POST", "/v7/generate/song")]


async def test_full_stream(client: SoundverseClient, simulator: RunningSimulator) -> None:
    events, state = await run(client)
    kinds = [type(e).__name__ for e in events]
    assert kinds == [
        "JobCreated", "Validated", "Streaming", "Streaming", "Uploading", "Uploading",
        "VersionCompleted", "VersionCompleted", "JobCompleted",
    ]  # fmt: skip
    assert [getattr(e, "chunk_index", None) for e in events] == list(range(9))
    assert not any(getattr(e, "resumed", False) for e in events)
    assert state.versions[1].stream_url
    assert_matches_simulator(state, simulator)
    assert not any(call[1].startswith("/v7/status") for call in simulator.simulator.calls)


async def test_invalid_request_never_reaches_the_server(simulator: RunningSimulator) -> None:
    with pytest.raises(InvalidRequestError):
        SongRequest.build(prompt="x" * 2000)
    with pytest.raises(InvalidRequestError):
        SongRequest.build(prompt="x", reference_url="ftp://host/file.mp3")
    assert simulator.simulator.calls == []


async def test_wrong_key(http: aiohttp.ClientSession) -> None:
    async with serve(fast_config(api_key="the-right-key")) as sim:
        with pytest.raises(AuthenticationError):
            await run(make_client(http, sim.url))
        assert not sim.simulator.jobs


async def test_unreachable_api(http: aiohttp.ClientSession) -> None:
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(ServiceUnavailableError, match="Could not reach"):
        await run(make_client(http, f"http://127.0.0.1:{port}"))


DROPS = [stage for stage in STAGES if stage != "completed"]


@pytest.mark.parametrize("stage", DROPS)
@pytest.mark.parametrize("mode", ["reset", "eof"])
async def test_drop_after_each_stage_resumes(
    client: SoundverseClient, simulator: RunningSimulator, stage: str, mode: str
) -> None:
    events, state = await run(client, f"drop_after={stage}; drop_mode={mode}")
    notices = [e for e in events if isinstance(e, Reconnecting)]
    assert len(notices) == 1
    assert state.reconnects == 1
    after = events[events.index(notices[0]) + 1 :]
    assert after
    assert all(getattr(e, "resumed", False) for e in after)
    assert isinstance(events[-1], JobCompleted)
    assert_matches_simulator(state, simulator)


@pytest.mark.parametrize("stage", ["job_created", "uploading_v1"])
async def test_silent_stream_resumes_after_idle_timeout(
    http: aiohttp.ClientSession, simulator: RunningSimulator, stage: str
) -> None:
    client = make_client(http, simulator.url, idle_timeout=0.2)
    events, state = await run(client, f"drop_after={stage}; drop_mode=stall")
    [notice] = [e for e in events if isinstance(e, Reconnecting)]
    assert "no data" in notice.reason
    assert_matches_simulator(state, simulator)


@pytest.mark.parametrize("shape", ["versions", "flat", "audio_data"])
async def test_resume_reads_every_status_shape(
    client: SoundverseClient, simulator: RunningSimulator, shape: str
) -> None:
    _, state = await run(client, f"drop_after=validated; status_shape={shape}")
    assert state.done
    [job] = simulator.simulator.jobs.values()
    assert state.versions[2].audio_url == job.links.audio[1]


@pytest.mark.parametrize("kind", ["rate_limit", "unavailable"])
async def test_polling_rides_out_rate_limits_and_outages(
    client: SoundverseClient, simulator: RunningSimulator, kind: str
) -> None:
    fault = f"drop_after=validated; status_error={kind}; status_error_count=3; retry_after=0"
    _, state = await run(client, fault)
    assert_matches_simulator(state, simulator)
    [job] = simulator.simulator.jobs.values()
    assert job.status_calls >= 4


async def test_polling_stops_on_a_refused_key(client: SoundverseClient) -> None:
    with pytest.raises(AuthenticationError):
        await run(client, "drop_after=validated; status_error=invalid_key")


async def test_polling_gives_up_at_the_deadline(
    http: aiohttp.ClientSession, simulator: RunningSimulator
) -> None:
    from bot.soundverse import PollPolicy

    client = make_client(
        http, simulator.url, poll=PollPolicy(first_delay=0.01, max_delay=0.02, deadline=0.1)
    )
    with pytest.raises(StreamBrokenError) as caught:
        await run(client, "drop_after=validated; slow=streaming_v1:30")
    assert caught.value.job_id == next(iter(simulator.simulator.jobs))
    assert caught.value.billed


@pytest.mark.parametrize("stage", STAGES)
async def test_job_fails_at_each_stage(
    client: SoundverseClient, simulator: RunningSimulator, stage: str
) -> None:
    with pytest.raises(JobFailedError, match="could not render") as caught:
        await run(client, f"fail_at={stage}; fail_detail=Generation failed: could not render")
    assert caught.value.job_id == next(iter(simulator.simulator.jobs))
    assert caught.value.billed


async def test_failure_seen_only_through_status(client: SoundverseClient) -> None:
    with pytest.raises(JobFailedError, match="could not render"):
        await run(client, "drop_after=validated; fail_at=uploading_v2")


async def test_keepalives_split_writes_and_odd_line_ends(
    http: aiohttp.ClientSession, simulator: RunningSimulator
) -> None:
    client = make_client(http, simulator.url, idle_timeout=0.5)
    fault = "split=7; newline=crlf; keepalive=0.05; slow=uploading_v1:1.0"
    events, state = await run(client, fault)
    assert not any(isinstance(e, Reconnecting) for e in events)  # keep-alives kept it open
    assert_matches_simulator(state, simulator)


@pytest.mark.parametrize("newline", ["cr", "lf"])
async def test_byte_by_byte_stream(
    client: SoundverseClient, simulator: RunningSimulator, newline: str
) -> None:
    _, state = await run(client, f"split=1; newline={newline}")
    assert_matches_simulator(state, simulator)


async def test_an_outage_before_any_job_is_retried_and_said(http: aiohttp.ClientSession) -> None:
    config = fast_config(faults=Faults.parse("error=unavailable; error_count=2"))
    async with serve(config) as sim:
        client = make_client(http, sim.url)
        request = SongRequest.build(prompt="x")
        events = [e async for e in client.generate(request, retry_delays=(0.0, 0.0))]
    async with serve(fast_config(faults=Faults.parse("error=unavailable"))) as down:
        seen: list[ClientEvent] = []
        with pytest.raises(ServiceUnavailableError):
            await collect(make_client(http, down.url).generate(request, retry_delays=(0,)), seen)
        assert [type(e) for e in seen] == [Retrying]
        assert not down.simulator.jobs
    retries = [e for e in events if isinstance(e, Retrying)]
    assert [r.delay for r in retries] == [0.0, 0.0]
    assert isinstance(events[-1], JobCompleted)
    assert len(sim.simulator.jobs) == 1


async def collect(events: AsyncIterator[ClientEvent], into: list[ClientEvent]) -> None:
    async for event in events:  # one at a time: what came before a failure is kept
        into.append(event)  # noqa: PERF401
