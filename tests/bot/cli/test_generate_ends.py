"""How ``songbot generate`` ends when it does not simply finish: a reader that leaves the
pipe, Ctrl-C, a long rate limit, an API out of reach, input that must cost nothing."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli.generate import RETRY_BUDGET, capped
from bot.mock_api import Faults, RunningSimulator, serve
from tests.bot.cli.conftest import Songbot, clean_env
from tests.conftest import TEST_KEY, fast_config


def env_for(url: str, **extra: str) -> dict[str, str]:
    settings = {"SOUNDVERSE_RETRY_DELAYS": "none", **extra}
    return clean_env(SOUNDVERSE_API_URL=url, SOUNDVERSE_API_KEY=TEST_KEY, **settings)


async def started(
    tmp_path: Path, url: str, *args: str, stdout: int = asyncio.subprocess.PIPE
) -> asyncio.subprocess.Process:
    """``songbot generate --prompt x ARGS`` with its stdout a pipe this test reads."""
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "generate", "--prompt", "x", *args,
        cwd=tmp_path, env=env_for(url), stdin=asyncio.subprocess.DEVNULL,
        stdout=stdout, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


@contextlib.contextmanager
def sigint_not_ignored() -> Iterator[None]:
    """While a child starts, SIGINT is not ignored here: a child inherits an ignored SIGINT
    (the tests run as a shell's background job, or under nohup), and Ctrl-C never reaches
    it; a handler here becomes the default in the child when it starts."""
    before = signal.getsignal(signal.SIGINT)
    if before is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


@pytest.mark.parametrize("extra", [(), ("--json",)])
async def test_a_reader_that_leaves_the_pipe_ends_it_quietly(
    simulator: RunningSimulator, tmp_path: Path, extra: tuple[str, ...]
) -> None:
    simulator.simulator.release.clear()  # the job waits after job_created
    read_end, write_end = os.pipe()
    process = await started(tmp_path, simulator.url, *extra, stdout=write_end)
    os.close(write_end)
    assert process.stderr is not None
    with os.fdopen(read_end, "rb") as reader:  # what `| head -1` does: one line, then close
        first = await asyncio.wait_for(asyncio.to_thread(reader.readline), 30)
    assert b"job" in first
    simulator.simulator.release.set()  # more lines come, to nobody
    err = await asyncio.wait_for(process.stderr.read(), 30)
    assert await asyncio.wait_for(process.wait(), 30) == 0
    assert err == b""


async def test_ctrl_c_says_the_job_carries_on_and_how_to_follow_it(
    simulator: RunningSimulator, tmp_path: Path
) -> None:
    simulator.simulator.release.clear()
    with sigint_not_ignored():
        process = await started(tmp_path, simulator.url)
    assert process.stdout is not None
    assert process.stderr is not None
    first = (await asyncio.wait_for(process.stdout.readline(), 30)).decode()
    job_id = first.split()[-1]
    process.send_signal(signal.SIGINT)
    err = (await asyncio.wait_for(process.stderr.read(), 30)).decode()
    assert await asyncio.wait_for(process.wait(), 30) == 130
    assert err == (
        f"songbot: stopped following job {job_id}; it carries on at the API: "
        f"`songbot status {job_id}` shows how it is doing.\n"
    )
    simulator.simulator.release.set()


async def test_a_long_rate_limit_says_when_to_try_again(songbot: Songbot) -> None:
    async with serve(fast_config(faults=Faults.parse("error=rate_limit; retry_after=3600"))) as sim:
        env = env_for(sim.url, SOUNDVERSE_RETRY_DELAYS="0.01")
        for extra in ((), ("--sync",)):
            result = await songbot("generate", "--prompt", "x", *extra, env=env)
            assert result.code == 1
            assert result.err == (
                "songbot: Rate limits have been passed for the user. Try again in 1 hour.\n"
            )


def test_the_retries_stop_within_a_minute_of_waiting() -> None:
    assert capped((5.0, 15.0, 30.0, 60.0, 120.0), RETRY_BUDGET) == (5.0, 15.0, 30.0)
    assert capped((90.0,), RETRY_BUDGET) == ()


async def test_a_prompt_nobody_can_see_is_refused_and_never_sent(
    songbot: Songbot, simulator: RunningSimulator
) -> None:
    result = await songbot("generate", "--prompt", "\u200b\u200b", env=env_for(simulator.url))
    assert result.code == 2
    assert result.err.startswith("songbot: Either --prompt or at least one of --reference-url")
    assert simulator.simulator.calls == []


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://exa mple.com/a.wav", "has spaces, line breaks or invisible characters inside"),
        ("http://user:pw@example.com/a.wav", "has a user name or password in it"),
    ],
)
async def test_a_bad_url_names_the_flag_and_why(
    songbot: Songbot, simulator: RunningSimulator, url: str, reason: str
) -> None:
    result = await songbot(
        "generate", "--prompt", "x", "--reference-url", url, env=env_for(simulator.url)
    )
    assert (result.code, result.err) == (2, f"songbot: --reference-url {reason}\n")
    assert simulator.simulator.calls == []
