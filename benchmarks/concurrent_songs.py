"""Many songs at once: the real bot between the Discord stand-in and the simulator.

The bot runs in this process against the stand-in (Discord-like rate limits on: per route and
global) and the simulator (real stage gaps, scaled down by --speed). N /song interactions go
out over several channels and members; for every stage event the simulator emits, the time
until a Discord message shows it is measured. A run of the client alone against the
simulator, with the same N, gives the floor to compare against.

    python -m benchmarks.concurrent_songs [--n 1 10 100] [--speed 20] [--one-channel] [--json]

Memory and CPU are the whole process's (bot, stand-in and simulator together), so they are
upper bounds for the bot alone.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

from bot.discord_urls import use_discord_urls
from bot.mock_api import RunningSimulator, SimulatorConfig, serve
from bot.mock_api.jobs import SimulatedJob
from bot.resources import open_resources
from bot.settings import Settings
from bot.songbot import SongBot
from bot.soundverse import JobState, PollPolicy, SongRequest, SoundverseClient
from tests.standin.discord import payloads as p
from tests.standin.discord.server import Call, DiscordStandIn, Interaction

KEY = "bench-key"

# What a Discord message shows once it knows of each simulator stage.
SHOWN_BY = {
    "job_created": "✅ Accepted",
    "validated": "✅ Validated",
    "streaming_v1": "Version 1: ▶️ streaming",
    "streaming_v2": "Version 2: ▶️ streaming",
    "uploading_v1": "Version 1: ⬆️ uploading",
    "uploading_v2": "Version 2: ⬆️ uploading",
    "completed_v1": "Version 1: ✅ ready",
    "completed_v2": "Version 2: ✅ ready",
    "completed": "✅ Done",
}
LATER = {  # a later screen implies the earlier stage was shown
    "streaming_v1": ("Version 1: ⬆️", "Version 1: ✅", "✅ Done"),
    "streaming_v2": ("Version 2: ⬆️", "Version 2: ✅", "✅ Done"),
    "uploading_v1": ("Version 1: ✅", "✅ Done"),
    "uploading_v2": ("Version 2: ✅", "✅ Done"),
    "completed_v1": ("✅ Done",),
    "completed_v2": ("✅ Done",),
}


@dataclass
class LoopMonitor:
    """Samples event-loop lag and resident memory every ``every`` seconds."""

    every: float = 0.05
    lags: list[float] = field(default_factory=list)
    peak_rss: int = 0
    _task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()

    async def _run(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(self.every)
            self.lags.append(max(0.0, time.perf_counter() - before - self.every))
            self.peak_rss = max(self.peak_rss, rss_bytes())


def rss_bytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def bot_case(n: int, speed: float, *, one_channel: bool, folder: Path) -> dict[str, Any]:
    config = SimulatorConfig(speed=speed, song_seconds=2.0, check_inputs=False)
    async with serve(config) as sim:
        standin = DiscordStandIn(channels=1 if one_channel else 5)
        await standin.start()
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            discord_token=standin.token,  # type: ignore[arg-type]
            soundverse_api_key=KEY,  # type: ignore[arg-type]
            soundverse_api_url=sim.url,
            database_url=f"sqlite:///{folder / f'bench-{n}.db'}",
            discord_api_url=standin.api_url,
            discord_gateway_url=standin.gateway_url,
        )
        use_discord_urls(settings.discord_api_url, settings.discord_gateway_url)
        async with open_resources(settings, api_key=KEY) as resources:
            bot = SongBot(settings, resources, guild_ready_timeout=0.05)
            runner = asyncio.create_task(bot.start(standin.token))
            await standin.wait_ready()
            await asyncio.wait_for(bot.wait_until_ready(), 30)
            members = [p.user(p.snowflake(), f"member{i}") for i in range(max(1, n // 3))]
            monitor = LoopMonitor()
            monitor.start()
            rss_before, cpu_before = rss_bytes(), time.process_time()
            started: dict[str, float] = {}
            interactions: list[Interaction] = []
            began = time.monotonic()
            for i in range(n):
                channel = 0 if one_channel else i % len(standin.channel_ids)
                interaction = await standin.slash(
                    "song", {"prompt": f"song {i}"}, user=members[i % len(members)],
                    channel=channel,
                )  # fmt: skip
                started[interaction.token] = time.monotonic()
                interactions.append(interaction)
            await standin.wait_for(lambda: all(_done(standin, i) for i in interactions),
                                   limit=600)  # fmt: skip
            await bot.songs.wait_idle()
            elapsed = time.monotonic() - began
            cpu = time.process_time() - cpu_before
            await monitor.stop()
            await bot.close()
            await runner
        result = _measure(standin, sim, interactions, started)
        await standin.close()
    result.update(
        {
            "n": n,
            "one_channel": one_channel,
            "wall_seconds": elapsed,
            "cpu_seconds_per_job": cpu / n,
            "peak_rss_mb": monitor.peak_rss / 2**20,
            "rss_growth_kb_per_job": max(0, monitor.peak_rss - rss_before) / 1024 / n,
            "loop_lag_p99_ms": pct(monitor.lags, 0.99) * 1000,
            "discord_429s": len(standin.rate_limited),
        }
    )
    return result


def _done(standin: DiscordStandIn, interaction: Interaction) -> bool:
    message = standin.original(interaction)
    return bool(
        message and message["attachments"] and "✅ Done" in json.dumps(message, ensure_ascii=False)
    )


def _measure(
    standin: DiscordStandIn,
    sim: RunningSimulator,
    interactions: list[Interaction],
    started: dict[str, float],
) -> dict[str, Any]:
    by_token: dict[str, list[Call]] = {}
    for call in standin.calls:
        if call.method == "PATCH" and "/webhooks/" in call.path:
            by_token.setdefault(call.path.split("/")[5], []).append(call)
    jobs = {job.job_id: job for job in sim.simulator.jobs.values()}
    staleness, overhead, ratios, edits, lost = [], [], [], [], 0
    for interaction in interactions:
        message = standin.original(interaction) or {}
        footer = (message.get("embeds") or [{}])[0].get("footer", {}).get("text", "")
        job = jobs.get(footer.removeprefix("Job "))
        calls = by_token.get(interaction.token, [])
        if job is None or not _done(standin, interaction):
            lost += 1
            continue
        edits.append(len(calls))
        texts = [(c.at, json.dumps(c.json, ensure_ascii=False)) for c in calls]
        for stage, emitted in zip(job.stages, job.emitted_at, strict=True):
            seen = _first_shown(texts, stage, emitted)
            if seen is not None:
                staleness.append(seen - emitted)
        final = next((c.at for c in calls if c.files), None)
        if final is not None:
            overhead.append(final - job.emitted_at[-1])
            ratios.append((final - started[interaction.token]) / _job_time(job))
    return {
        "staleness_p50_s": pct(staleness, 0.5),
        "staleness_p99_s": pct(staleness, 0.99),
        "staleness_max_s": max(staleness, default=float("nan")),
        "completion_overhead_p50_ms": pct(overhead, 0.5) * 1000,
        "completion_overhead_p99_ms": pct(overhead, 0.99) * 1000,
        "end_to_end_ratio_p50": pct(ratios, 0.5),
        "end_to_end_ratio_p99": pct(ratios, 0.99),
        "edits_per_job": statistics.mean(edits) if edits else float("nan"),
        "lost_jobs": lost,
    }


def _first_shown(texts: list[tuple[float, str]], stage: str, emitted: float) -> float | None:
    wanted = (SHOWN_BY.get(stage, "\0"), *LATER.get(stage, ()))
    for at, text in texts:
        if at >= emitted and any(marker in text for marker in wanted):
            return at
    return None


def _job_time(job: SimulatedJob) -> float:
    return max(1e-6, job.emitted_at[-1] - job.emitted_at[0])


async def client_case(n: int, speed: float) -> dict[str, Any]:
    """The floor: the client alone, N songs at once, no Discord."""
    config = SimulatorConfig(speed=speed, song_seconds=2.0)
    async with serve(config) as sim, aiohttp.ClientSession() as http:
        client = SoundverseClient(http, KEY, base_url=sim.url, poll=PollPolicy(0.2, 1.0))

        async def one(i: int) -> float:
            began = time.monotonic()
            state = JobState()
            async for event in client.generate(SongRequest.build(prompt=f"song {i}")):
                state.apply(event)
            job = sim.simulator.jobs[state.job_id or ""]
            return (time.monotonic() - began) / _job_time(job)

        ratios = await asyncio.gather(*(one(i) for i in range(n)))
    return {"n": n, "client_ratio_p50": pct(ratios, 0.5), "client_ratio_p99": pct(ratios, 0.99)}


async def main_async(ns: list[int], speed: float, one_channel: bool) -> list[dict[str, Any]]:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for n in ns:
            row = await bot_case(n, speed, one_channel=one_channel, folder=Path(folder))
            row.update(await client_case(n, speed))
            rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--speed", type=float, default=20.0, help="simulator speed-up")
    parser.add_argument("--one-channel", action="store_true", help="every song in one channel")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = asyncio.run(main_async(args.n, args.speed, args.one_channel))
    if args.json:
        print(json.dumps(rows, indent=1))
        return
    keys = [k for k in rows[0] if k != "one_channel"]
    print(" | ".join(keys))
    for row in rows:
        print(" | ".join(f"{row[k]:.3g}" if isinstance(row[k], float) else str(row[k])
                         for k in keys))  # fmt: skip


if __name__ == "__main__":
    main()
