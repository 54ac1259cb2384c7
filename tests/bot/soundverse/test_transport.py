"""Calls answered with one JSON object (status, sync) and the documented errors, over real
loopback HTTP against the simulator."""

from __future__ import annotations

import aiohttp
import pytest

from bot.mock_api import FAULT_HEADER, Faults, RunningSimulator, serve
from bot.soundverse import (
    AuthenticationError,
    FileTooLargeError,
    InsufficientBalanceError,
    InvalidRequestError,
    JobFailedError,
    JobNotFoundError,
    RateLimitedError,
    Retrying,
    ServiceUnavailableError,
    SongRequest,
    SoundverseClient,
    SoundverseError,
)
from tests.bot.soundverse.driving import PROMPT
from tests.conftest import fast_config, make_client


async def test_sync(client: SoundverseClient, simulator: RunningSimulator) -> None:
    result = await client.generate_sync(PROMPT)
    [job] = simulator.simulator.jobs.values()
    assert result.job_id == job.job_id
    assert result.album_art == job.links.cover
    assert result.audio == [(url, job.plan.song_name) for url in job.links.audio]


async def test_sync_failure_is_a_failed_job(client: SoundverseClient) -> None:
    with pytest.raises(JobFailedError, match="Generation failed"):
        await client.generate_sync(PROMPT, headers={FAULT_HEADER: "fail_at=validated"})


@pytest.mark.parametrize(
    ("kind", "cls"),
    [
        ("rate_limit", RateLimitedError),
        ("balance", InsufficientBalanceError),
        ("unavailable", ServiceUnavailableError),
        ("file_too_large", FileTooLargeError),
        ("invalid_key", AuthenticationError),
    ],
)
@pytest.mark.parametrize("sync", [False, True])
async def test_documented_errors(
    client: SoundverseClient,
    simulator: RunningSimulator,
    kind: str,
    cls: type[SoundverseError],
    sync: bool,
) -> None:
    headers = {FAULT_HEADER: f"error={kind}; retry_after=7"}

    async def call() -> object:
        if sync:
            return await client.generate_sync(PROMPT, headers=headers)
        return await anext(aiter(client.generate(PROMPT, headers=headers)))

    with pytest.raises(cls) as caught:
        await call()
    assert not caught.value.billed
    assert not simulator.simulator.jobs
    if isinstance(caught.value, RateLimitedError):
        assert caught.value.retry_after == 7.0


async def test_api_validation_errors(client: SoundverseClient) -> None:
    """The API's own checks, for a request built around the local ones."""
    with pytest.raises(InvalidRequestError, match="maximum length of 1024"):
        await client.generate_sync(SongRequest.model_construct(prompt="x" * 1025))
    with pytest.raises(InvalidRequestError, match="must be provided"):
        await client.generate_sync(SongRequest.model_construct(prompt=""))


async def test_status_of_an_unknown_job(client: SoundverseClient) -> None:
    with pytest.raises(JobNotFoundError):
        await client.status("no-such-job")


async def test_status_path_is_configurable(http: aiohttp.ClientSession) -> None:
    with pytest.raises(ValueError, match="job_id"):
        SoundverseClient(http, "k", status_path="/v7/status")


@pytest.mark.parametrize("job_id", ["../v7/generate/song", "a/b", "x?y=1", "", "j" * 101])
async def test_a_job_id_that_is_not_one_is_never_put_in_a_url(
    client: SoundverseClient, simulator: RunningSimulator, job_id: str
) -> None:
    with pytest.raises(JobNotFoundError, match="not a Soundverse job id"):
        await client.status(job_id)
    assert simulator.simulator.calls == []


async def test_sync_is_sent_again_after_an_answer_that_made_no_job(
    http: aiohttp.ClientSession,
) -> None:
    async with serve(fast_config(faults=Faults.parse("error=unavailable; error_count=1"))) as sim:
        heard: list[Retrying] = []
        result = await make_client(http, sim.url).generate_sync(
            PROMPT, retry_delays=(0.0,), on_retry=heard.append
        )
    assert [r.delay for r in heard] == [0.0]
    assert result.job_id in sim.simulator.jobs
    assert len(sim.simulator.jobs) == 1


async def test_sync_is_never_sent_again_after_a_failed_job(client: SoundverseClient) -> None:
    heard: list[Retrying] = []
    with pytest.raises(JobFailedError):  # a 500 after the job: posting again would pay twice
        await client.generate_sync(
            PROMPT, headers={FAULT_HEADER: "fail_at=validated"}, retry_delays=(0.0,),
            on_retry=heard.append,
        )  # fmt: skip
    assert heard == []
