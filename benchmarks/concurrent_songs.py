"""Many songs at once: the real bot between the Discord stand-in and the simulator.

The bot runs in a process of its own (``benchmarks.bot_process``, the same SongBot as
``songbot run``), so its CPU, memory and event-loop lag are its own; so does the simulator
(``songbot mock-api``: the real stage gaps, scaled down by --speed). This process holds the
Discord stand-in (Discord-like rate limits on: per route and global). N /song interactions
go out, --rate a second, over several channels and members (or all in one channel); for every
stage event the simulator emits, the time until a Discord message shows it is measured. A
run of the client alone against the simulator, with the same N and rate, gives the floor of
the time a song takes. With --floor, the same songs also go through ``benchmarks.floor_bot``
(the same libraries and the same requests, none of songbot's own work), for the floor of
the CPU a song costs.

    python -m benchmarks.concurrent_songs [--n 1 10 100] [--speed 4] [--rate 100]
                                          [--one-channel] [--floor] [--json] [--check]

After the table, each target of ``benchmarks.targets`` is reported as met or missed (with
the runs that missed it); ``--check`` makes a miss the exit status.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import aiohttp

from benchmarks.measure import pct
from benchmarks.processes import KEY, simulator_process, start_bot, stop_bot
from benchmarks.song_screens import measure_songs, shows_done
from benchmarks.targets import misses, summary
from bot.soundverse import JobState, PollPolicy, SongRequest, SoundverseClient
from tests.standin.discord import payloads as p
from tests.standin.discord.server import DiscordStandIn, Interaction

# several_processes still imports the screens' measures from here.
__all__ = [
    "bot_case",
    "client_case",
    "floor_case",
    "main",
    "measure_songs",
    "shows_done",
    "until_done_or_stuck",
]


@dataclass
class Finished:
    """Which interactions' messages have received their files, read from new calls only."""

    standin: DiscordStandIn
    tokens: set[str] = field(default_factory=set)
    _seen: int = 0

    def count(self) -> int:
        calls = self.standin.calls
        for call in calls[self._seen :]:
            if call.method == "PATCH" and call.files and "/webhooks/" in call.path:
                self.tokens.add(call.path.split("/")[5])
        self._seen = len(calls)
        return len(self.tokens)


BOT, FLOOR = "benchmarks.bot_process", "benchmarks.floor_bot"
SONG_ROUTES = ("/interactions/", "/webhooks/")  # a song's answer and its edits


async def bot_case(
    n: int, speed: float, *, rate: float, one_channel: bool, folder: Path, module: str = BOT
) -> dict[str, Any]:
    """N /song interactions, ``rate`` a second, through a bot running in its own process
    (``module``: songbot, or the floor's bot)."""
    async with simulator_process(speed) as sim:
        standin = DiscordStandIn(channels=1 if one_channel else 5)
        await standin.start()
        bot = await start_bot(
            token=standin.token, api_url=standin.api_url, gateway_url=standin.gateway_url,
            simulator_url=sim.url, database=folder / f"bench-{n}.db", module=module,
        )  # fmt: skip
        harness_cpu, simulator_cpu = time.process_time(), sim.cpu_seconds()
        members = [p.user(p.snowflake(), f"member{i}") for i in range(max(1, n // 3))]
        interactions: list[Interaction] = []
        began = time.monotonic()
        for i in range(n):
            await asyncio.sleep(max(0.0, began + i / rate - time.monotonic()))
            channel = 0 if one_channel else i % len(standin.channel_ids)
            interactions.append(await standin.slash(
                "song", {"prompt": f"song {i}"}, user=members[i % len(members)], channel=channel,
            ))  # fmt: skip
        finished = Finished(standin)
        await until_done_or_stuck(standin, finished, n)
        elapsed = time.monotonic() - began
        harness_cpu = time.process_time() - harness_cpu
        simulator_cpu = sim.cpu_seconds() - simulator_cpu
        report = await stop_bot(bot)
        result = measure_songs(standin, await sim.jobs(), interactions)
        result["discord_requests_per_job"] = _song_requests(standin) / n
        result["finished_jobs"] = finished.count()
        await standin.close()
    in_flight = result.pop("peak_in_flight")
    result.update(
        {
            "n": n,
            "one_channel": one_channel,
            "wall_seconds": elapsed,
            "cpu_seconds_per_job": report["cpu_seconds"] / n,
            **{f"cpu_ms_per_job_{k}": v / n * 1000 for k, v in report["cpu_by_thread"].items()},
            "peak_rss_mb": report["rss_peak"] / 2**20,
            "peak_in_flight": in_flight,
            "rss_kb_per_job_in_flight": max(0, report["rss_peak"] - report["rss_ready"])
            / 1024
            / max(1, in_flight),
            "loop_lag_p99_ms": pct(report["lags"], 0.99) * 1000,
            "loop_lag_max_ms": max(report["lags"], default=0.0) * 1000,
            "gc_pause_max_ms": max((p for _, p in report["gc_pauses"]), default=0.0) * 1000,
            "full_collections": sum(1 for generation, _ in report["gc_pauses"] if generation == 2),
            "discord_429s": len(standin.rate_limited),
            "stand_in_cpu_share": harness_cpu / elapsed,
            "simulator_cpu_share": simulator_cpu / elapsed,
        }
    )
    return result


async def floor_case(
    n: int, speed: float, *, rate: float, one_channel: bool, folder: Path
) -> dict[str, Any]:
    """The same songs through the floor's bot: its CPU a song, and its requests a song (about
    songbot's, or the two would not compare: the pacing is the same, not the timing)."""
    row = await bot_case(n, speed, rate=rate, one_channel=one_channel, folder=folder, module=FLOOR)
    return {
        "floor_cpu_seconds_per_job": row["cpu_seconds_per_job"],
        "floor_discord_requests_per_job": row["discord_requests_per_job"],
        "floor_finished_jobs": row["finished_jobs"],
    }


def _song_requests(standin: DiscordStandIn) -> int:
    """The requests of songs' messages: interactions' answers and their edits."""
    return sum(1 for call in standin.calls if call.route.split()[-1].startswith(SONG_ROUTES))


STUCK_AFTER = 30.0  # seconds without one more finished song: the rest are lost


class Counts(Protocol):
    def count(self) -> int: ...


async def until_done_or_stuck(standin: DiscordStandIn, finished: Counts, n: int) -> None:
    """Until every song is finished, or none has finished for :data:`STUCK_AFTER` seconds."""
    while True:
        before = finished.count()
        if before >= n:
            return
        with contextlib.suppress(TimeoutError):
            await standin.wait_for(lambda: finished.count() > before, limit=STUCK_AFTER)  # noqa: B023 - awaited at once
        if finished.count() == before:
            return


async def client_case(n: int, speed: float, *, rate: float) -> dict[str, Any]:
    """The floor: the client alone, N songs started ``rate`` a second, no Discord."""
    connector = aiohttp.TCPConnector(limit=0)  # as the bot's: one stream per song in flight
    async with simulator_process(speed) as sim, aiohttp.ClientSession(connector=connector) as http:
        client = SoundverseClient(http, KEY, base_url=sim.url, poll=PollPolicy(0.2, 1.0))
        began = time.monotonic()

        async def one(i: int) -> tuple[str, float, float]:
            await asyncio.sleep(max(0.0, began + i / rate - time.monotonic()))
            started = time.monotonic()
            state = JobState()
            async for event in client.generate(SongRequest.build(prompt=f"song {i}")):
                state.apply(event)
            return state.job_id or "", started, time.monotonic()

        ends = await asyncio.gather(*(one(i) for i in range(n)))
        jobs = await sim.jobs()
        ratios = [(end - started) / jobs[job_id].duration for job_id, started, end in ends]
    return {"client_ratio_p50": pct(ratios, 0.5), "client_ratio_p99": pct(ratios, 0.99)}


async def main_async(
    ns: list[int], speed: float, rate: float, one_channel: bool, *, floor: bool = False
) -> list[dict[str, Any]]:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for n in ns:
            row = await bot_case(n, speed, rate=rate, one_channel=one_channel, folder=Path(folder))
            row.update(await client_case(n, speed, rate=rate))
            if floor:
                row.update(await floor_case(
                    n, speed, rate=rate, one_channel=one_channel, folder=Path(folder),
                ))  # fmt: skip
            rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--speed", type=float, default=4.0, help="simulator speed-up")
    parser.add_argument("--rate", type=float, default=100.0, help="new songs a second")
    parser.add_argument("--one-channel", action="store_true", help="every song in one channel")
    parser.add_argument(
        "--floor", action="store_true", help="also the floor's bot: the libraries' CPU a song"
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args()
    rows = asyncio.run(
        main_async(args.n, args.speed, args.rate, args.one_channel, floor=args.floor)
    )
    for row in rows:
        row["targets_missed"] = [miss.target.name for miss in misses(row)]
    if args.json:
        print(json.dumps(rows, indent=1))
    else:
        _print_table(rows)
    if args.check and any(row["targets_missed"] for row in rows):
        raise SystemExit(1)


def _print_table(rows: list[dict[str, Any]]) -> None:
    keys = [k for k in rows[0] if k not in ("one_channel", "targets_missed")]
    print(" | ".join(keys))
    for row in rows:
        print(" | ".join(f"{row[k]:.3g}" if isinstance(row[k], float) else str(row[k])
                         for k in keys))  # fmt: skip
    print("\nTargets:")
    print("\n".join(summary(rows)))


if __name__ == "__main__":
    main()
