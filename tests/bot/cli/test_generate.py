"""``songbot generate`` and ``songbot status`` as a user runs them, against the simulator."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from bot.cli.generate import as_flags
from bot.mock_api import Faults, RunningSimulator, serve
from bot.soundverse.request import NOTHING_TO_GENERATE
from tests.bot.cli.conftest import Songbot, clean_env
from tests.conftest import TEST_KEY, fast_config


def env_for(url: str, **extra: str) -> dict[str, str]:
    """The command's settings for a simulator at ``url``; no waits between retries."""
    settings = {"SOUNDVERSE_RETRY_DELAYS": "none", **extra}
    return clean_env(SOUNDVERSE_API_URL=url, SOUNDVERSE_API_KEY=TEST_KEY, **settings)


async def test_generate_shows_each_stage_and_the_song(
    songbot: Songbot, simulator: RunningSimulator
) -> None:
    result = await songbot("generate", "--prompt", "lofi rain", env=env_for(simulator.url))
    assert result.code == 0, result.err
    [job] = simulator.simulator.jobs.values()
    lines = result.out.splitlines()
    assert lines[0] == f"Accepted: job {job.job_id}"
    assert f"Validated: “{job.plan.song_name}”" in lines
    assert any(line.startswith("Version 2: ready (0:01") for line in lines)
    for url in job.links.audio:
        assert url in result.out
    assert result.err == ""


async def test_generate_json_prints_every_event(
    songbot: Songbot, simulator: RunningSimulator
) -> None:
    result = await songbot("generate", "--prompt", "x", "--json", env=env_for(simulator.url))
    assert result.code == 0, result.err
    events = [json.loads(line) for line in result.out.splitlines()]
    assert [e["chunkIndex"] for e in events] == list(range(9))
    assert events[0]["type"] == "job_created"
    assert events[-1]["isComplete"] is True


async def test_generate_resumes_a_dropped_stream(songbot: Songbot) -> None:
    config = fast_config(faults=Faults.parse("drop_after=streaming_v1"))
    async with serve(config) as sim:
        result = await songbot("generate", "--prompt", "x", "--json", env=env_for(sim.url))
        assert len(sim.simulator.jobs) == 1
    assert result.code == 0, result.err
    events = [json.loads(line) for line in result.out.splitlines()]
    kinds = [e.get("type") for e in events]
    assert "reconnecting" in kinds
    after = events[kinds.index("reconnecting") + 1 :]
    assert after[-1]["isComplete"] is True
    assert all(e["resumed"] for e in after)


async def test_generate_sync_prints_what_streaming_prints(songbot: Songbot) -> None:
    async with serve(fast_config(faults=Faults.parse("error=unavailable; error_count=1"))) as sim:
        env = env_for(sim.url, SOUNDVERSE_RETRY_DELAYS="0.01")
        result = await songbot("generate", "--prompt", "x", "--sync", env=env)
        streamed = await songbot("generate", "--prompt", "x", env=env)
    assert result.code == 0, result.err
    assert result.out.startswith("… trying again in 0.01 s (Service temporarily unavailable")
    job, other = sim.simulator.jobs.values()
    lines = result.out.splitlines()[1:]
    assert lines == [
        f"“{job.plan.song_name}” (job {job.job_id})",  # the name once, not per version
        f"  Version 1: {job.links.audio[0]}",
        f"  Version 2: {job.links.audio[1]}",
        f"  Cover art: {job.links.cover}",
    ]
    assert f"  Cover art: {other.links.cover}" in streamed.out.splitlines()


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ("error=balance", "Insufficient balance for this operation."),
        ("error=rate_limit", "Rate limits have been passed for the user."),
        ("fail_at=validated", "Generation failed"),
    ],
)
async def test_api_errors_exit_1_with_one_line(songbot: Songbot, fault: str, message: str) -> None:
    async with serve(fast_config(faults=Faults.parse(fault))) as sim:
        result = await songbot("generate", "--prompt", "x", env=env_for(sim.url))
    assert result.code == 1
    assert result.err.startswith(f"songbot: {message}")
    assert len(result.err.splitlines()) == 1


async def test_bad_input_exits_2_before_any_call(
    songbot: Songbot, simulator: RunningSimulator
) -> None:
    result = await songbot("generate", "--lyrics", "la la", env=env_for(simulator.url))
    assert (result.code, result.err) == (2, f"songbot: {as_flags(NOTHING_TO_GENERATE)}\n")
    assert "--prompt or at least one of --reference-url," in result.err
    bad_url = await songbot(
        "generate", "--prompt", "x", "--vocal-url", "ftp://a/b", env=env_for(simulator.url)
    )
    assert bad_url.code == 2
    assert simulator.simulator.calls == []


async def test_file_too_large_is_bad_input(songbot: Songbot) -> None:
    async with serve(fast_config(faults=Faults.parse("error=file_too_large"))) as sim:
        result = await songbot("generate", "--prompt", "x", env=env_for(sim.url))
    assert result.code == 2
    assert "File too large" in result.err


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (clean_env(), "songbot: SOUNDVERSE_API_KEY is not set"),
        (
            clean_env(SOUNDVERSE_API_KEY=TEST_KEY, SOUNDVERSE_API_URL="nowhere"),
            "songbot: SOUNDVERSE_API_URL is invalid",
        ),
    ],
)
async def test_config_errors_exit_2_with_one_line(
    songbot: Songbot, env: dict[str, str], message: str
) -> None:
    result = await songbot("generate", "--prompt", "x", env=env)
    assert result.code == 2
    assert result.err.startswith(message)
    assert len(result.err.splitlines()) == 1
    assert "Traceback" not in result.err
    assert TEST_KEY not in result.err + result.out


async def test_usage_errors_exit_2(songbot: Songbot) -> None:
    result = await songbot("generate", "--tempo", "fast")
    assert result.code == 2
    assert "unrecognized arguments: --tempo" in result.err


async def test_settings_come_from_dot_env(
    songbot: Songbot, simulator: RunningSimulator, tmp_path: Path
) -> None:
    (tmp_path / ".env").write_text(
        f"SOUNDVERSE_API_URL={simulator.url}\nSOUNDVERSE_API_KEY={TEST_KEY}\n"
    )
    result = await songbot("generate", "--prompt", "x", env=clean_env())
    assert result.code == 0, result.err


async def test_status(songbot: Songbot, simulator: RunningSimulator) -> None:
    done = await songbot("generate", "--prompt", "x", env=env_for(simulator.url))
    assert done.code == 0
    [job_id] = simulator.simulator.jobs
    result = await songbot("status", job_id, env=env_for(simulator.url))
    assert result.code == 0, result.err
    assert result.out.startswith(f"Job {job_id}: completed")
    assert "(finished)" in result.out
    raw = await songbot("status", job_id, "--json", env=env_for(simulator.url))
    assert json.loads(raw.out)["job_id"] == job_id
    missing = await songbot("status", "nope", env=env_for(simulator.url))
    assert (missing.code, missing.err) == (1, "songbot: Job not found\n")


@pytest.mark.parametrize(
    "fault", ["error=invalid_key; echo_key=1", f"fail_at=validated; fail_detail=bad {TEST_KEY}"]
)
async def test_the_key_is_never_printed_even_when_the_api_echoes_it(
    songbot: Songbot, fault: str
) -> None:
    async with serve(fast_config(faults=Faults.parse(fault))) as sim:
        for extra in ((), ("--json",), ("--sync",)):
            result = await songbot("generate", "--prompt", "x", *extra, env=env_for(sim.url))
            assert result.code != 0
            assert TEST_KEY not in result.out + result.err
            assert "[redacted]" in result.out + result.err


def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


async def test_an_unreachable_api_is_one_plain_line(songbot: Songbot) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    result = await songbot("generate", "--prompt", "x", env=env_for(url))
    assert result.code == 1
    assert result.err == (
        f"songbot: Could not reach the song API at {url}: the connection was refused "
        "(is it running, and is the address right?)\n"
    )
    assert result.out == ""


async def test_a_failure_is_said_once_on_stderr(songbot: Songbot) -> None:
    async with serve(fast_config(faults=Faults.parse("fail_at=validated"))) as sim:
        result = await songbot("generate", "--prompt", "x", env=env_for(sim.url))
    assert "Generation failed" in result.err
    assert "Generation failed" not in result.out


async def test_a_wrong_key_names_the_setting(songbot: Songbot) -> None:
    async with serve(fast_config(faults=Faults.parse("error=invalid_key"))) as sim:
        result = await songbot("generate", "--prompt", "x", env=env_for(sim.url))
    assert result.code == 1
    assert "check SOUNDVERSE_API_KEY" in result.err


async def test_a_missing_env_file_and_comma_separated_delays(
    songbot: Songbot, simulator: RunningSimulator
) -> None:
    missing = await songbot("--env-file", "/nowhere/.env", "generate", "--prompt", "x")
    assert (missing.code, missing.err) == (
        2, "songbot: --env-file names /nowhere/.env, which is not a file.\n")  # fmt: skip
    env = {**env_for(simulator.url), "SOUNDVERSE_RETRY_DELAYS": "3,10", "DISCORD_DEV_GUILD_ID": ""}
    ok = await songbot("generate", "--prompt", "x", env=env)
    assert ok.code == 0, ok.err


@pytest.mark.parametrize("command", ["run", "sync-commands"])
async def test_discord_out_of_reach_is_one_line(
    songbot: Songbot, command: str, tmp_path: Path
) -> None:
    port = closed_port()
    env = clean_env(
        SOUNDVERSE_API_KEY=TEST_KEY, DISCORD_TOKEN="abc.def.ghi",
        DISCORD_API_URL=f"http://127.0.0.1:{port}/api/v10",
        DISCORD_GATEWAY_URL=f"ws://127.0.0.1:{port}", DATABASE_URL=f"sqlite:///{tmp_path}/b.db",
    )  # fmt: skip
    result = await songbot(command, env=env)
    assert result.code == 1
    assert "Traceback" not in result.err
    assert result.err.splitlines()[-1] + "\n" == (
        f"songbot: Could not reach Discord at http://127.0.0.1:{port}/api/v10: the connection "
        "was refused (is it running, and is the address right?). Check the network (and "
        "DISCORD_API_URL if you set it).\n"
    )


async def test_the_command_line_retries_like_the_bot(songbot: Songbot) -> None:
    async with serve(fast_config(faults=Faults.parse("error=unavailable; error_count=1"))) as sim:
        env = env_for(sim.url, SOUNDVERSE_RETRY_DELAYS="0.01")
        result = await songbot("generate", "--prompt", "x", env=env)
    assert result.code == 0, result.err
    assert "… trying again in 0.01 s (Service temporarily unavailable" in result.out
