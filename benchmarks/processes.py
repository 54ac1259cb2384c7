"""The processes a benchmark runs: the simulator (``songbot mock-api``) and the bot
(``benchmarks.bot_process``), each on its own so neither takes CPU from the other."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
from asyncio.subprocess import Process
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
KEY = "bench-key"
SIMULATOR_NICENESS = 5
OWN_SETTINGS = ("DISCORD_", "SOUNDVERSE_", "DATABASE_", "SONG_", "LOG_")  # not the caller's


@dataclass(frozen=True, slots=True)
class JobTimes:
    """When the simulator emitted each stage of one job (monotonic clock, shared by the
    processes of one Linux machine)."""

    stages: list[str]
    emitted_at: list[float]

    @property
    def duration(self) -> float:
        return max(1e-6, self.emitted_at[-1] - self.emitted_at[0])


@dataclass(frozen=True, slots=True)
class SimulatorProcess:
    url: str
    pid: int

    def cpu_seconds(self) -> float:
        return cpu_seconds(self.pid)

    async def jobs(self) -> dict[str, JobTimes]:
        return {
            job["job_id"]: JobTimes(job["stages"], job["emitted_at"]) for job in await self.listed()
        }

    async def listed(self) -> list[dict[str, Any]]:
        """Every job as the simulator lists it (stages, times, the request)."""
        async with aiohttp.ClientSession() as http, http.get(f"{self.url}/_mock/jobs") as got:
            listed: list[dict[str, Any]] = await got.json()
        return listed

    async def stats(self) -> dict[str, Any]:
        """Jobs running now and at most, and 429s sent for the concurrency cap."""
        async with aiohttp.ClientSession() as http, http.get(f"{self.url}/_mock/stats") as got:
            stats: dict[str, Any] = await got.json()
        return stats


@contextlib.asynccontextmanager
async def simulator_process(
    speed: float, *, max_concurrent: int | None = None
) -> AsyncIterator[SimulatorProcess]:
    """``songbot mock-api`` on a free port, two-second songs, inputs not downloaded; with
    ``max_concurrent``, jobs beyond it are answered 429 as a capped API would."""
    cap = ["--max-concurrent", str(max_concurrent)] if max_concurrent else []
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "mock-api", "--port", "0", "--speed", str(speed),
        "--song-seconds", "2", "--no-check-inputs", *cap, cwd=ROOT, env=_env(),
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    # In production the API runs on other machines; here it shares two cores with the bot
    # under test, so it gives way to it.
    os.setpriority(os.PRIO_PROCESS, process.pid, SIMULATOR_NICENESS)
    try:
        line = await _first_line(process)
        yield SimulatorProcess(line.decode().split()[-1], process.pid)
    finally:
        await _stop(process)


async def start_bot(
    *,
    token: str,
    api_url: str,
    gateway_url: str,
    simulator_url: str,
    database: Path | str,
    max_concurrent: int = 10_000,
    log: Path | None = None,
    module: str = "benchmarks.bot_process",
    **settings: str,
) -> Process:
    """The bot under test, connected and ready for songs; ``max_concurrent`` songs at the
    API at once (by default more than any run asks: no queue). ``database`` is a SQLite
    file or a ``postgresql://`` URL; ``settings`` are more of its environment; with ``log``,
    what it logs is appended there. ``module`` is the program to run (the floor's bot
    reports as ``benchmarks.bot_process`` does)."""
    env = _env(**{
        "SOUNDVERSE_MAX_CONCURRENT": str(max_concurrent),
        "DISCORD_TOKEN": token,
        "SOUNDVERSE_API_KEY": KEY,
        "SOUNDVERSE_API_URL": simulator_url,
        "DATABASE_URL": database if isinstance(database, str) else f"sqlite:///{database}",
        "DISCORD_API_URL": api_url,
        "DISCORD_GATEWAY_URL": gateway_url,
        "LOG_LEVEL": "WARNING",
        **settings,
    })  # fmt: skip
    bot = await asyncio.create_subprocess_exec(
        sys.executable, "-m", module, cwd=ROOT, env=env,
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
        stderr=log.open("ab") if log else None,
    )  # fmt: skip
    line = await _first_line(bot)
    if line.strip() != b"ready":
        await _stop(bot)
        raise RuntimeError(f"the bot did not start: {line!r}")
    return bot


async def stop_bot(bot: Process) -> dict[str, Any]:
    """Stop the bot (it lets songs in flight finish) and read its report; a bot that does
    not stop within a minute (songs that never end) is killed, and reports nothing."""
    bot.send_signal(signal.SIGTERM)
    try:
        out, _ = await asyncio.wait_for(bot.communicate(), 60)
    except TimeoutError:
        bot.kill()
        await bot.wait()
        return {"cpu_seconds": float("nan"), "cpu_by_thread": {}, "rss_peak": 0,
                "rss_ready": 0, "lags": [], "gc_pauses": []}  # fmt: skip
    report: dict[str, Any] = json.loads(out.decode().strip().splitlines()[-1])
    return report


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a running process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _env(**settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(OWN_SETTINGS)}
    return {**env, "PYTHONUNBUFFERED": "1", **settings}


async def _first_line(process: Process) -> bytes:
    if process.stdout is None:
        raise RuntimeError("no output to read")
    return await asyncio.wait_for(process.stdout.readline(), 60)


async def _stop(process: Process) -> None:
    if process.returncode is None:
        process.terminate()
        try:
            await asyncio.wait_for(process.wait(), 10)
        except TimeoutError:
            process.kill()
            await process.wait()
