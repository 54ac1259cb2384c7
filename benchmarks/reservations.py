"""Reserve-and-record throughput and latency on a real SQLite file or a real PostgreSQL
server (a throwaway cluster started for the run), under concurrency.

Each operation is what /song does with the database: check every limit and reserve a slot
(one transaction), record the job id, then record the finished song. Many members ask at once.

    python -m benchmarks.reservations [--songs 5000] [--concurrency 100]
                                      [--backend sqlite|postgresql] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from bot.features.usage.policy import Refusal
from bot.features.usage.reservations import Reservations
from bot.soundverse import JobState
from bot.soundverse.events import parse_event
from bot.store import Ask, GenerationRepository, ModerationRepository, open_database
from tests.standin.postgres import running_cluster


def finished_state(job_id: str) -> JobState:
    state = JobState()
    for data in (
        {"type": "job_created", "job_id": job_id, "status": "processing"},
        {"status": "completed", "version": 1, "audio_url": "a1", "tokens": 40},
        {"status": "completed", "version": 2, "audio_url": "a2", "tokens": 45},
        {"status": "completed", "isComplete": True, "song_name": "Bench"},
    ):
        state.apply(parse_event(data))
    return state


async def in_parallel(items: list[int], concurrency: int, work: Any) -> list[float]:
    """Run ``work(item)`` for every item with ``concurrency`` workers; each call's latency."""
    latencies: list[float] = []
    queue: asyncio.Queue[int] = asyncio.Queue()
    for item in items:
        queue.put_nowait(item)

    async def worker() -> None:
        while not queue.empty():
            item = queue.get_nowait()
            began = time.perf_counter()
            await work(item)
            latencies.append(time.perf_counter() - began)

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return sorted(latencies)


def latency_summary(prefix: str, latencies: list[float], elapsed: float) -> dict[str, float]:
    return {
        f"{prefix}_per_second": len(latencies) / elapsed,
        f"{prefix}_p50_ms": statistics.median(latencies) * 1000,
        f"{prefix}_p99_ms": latencies[max(0, int(len(latencies) * 0.99) - 1)] * 1000,
        f"{prefix}_max_ms": latencies[-1] * 1000,
    }


async def run(
    songs: int, concurrency: int, members: int, url: str | None = None, guilds: int = 1
) -> dict[str, Any]:
    """Phase 1: every member asks at once (reserve). Phase 2: every song is recorded
    (job id, then the finished result). Limits are set, so every check does real work."""
    with tempfile.TemporaryDirectory() as folder:
        database = await open_database(url or Path(folder) / "bench.db")
        try:
            for guild in range(1, guilds + 1):
                await ModerationRepository(database).set_limits(
                    guild, 0, {"member_daily": 10_000, "member_concurrent": 50,
                               "guild_daily": 10**9, "cooldown_seconds": 0},
                    "benchmark limits",
                )  # fmt: skip
            repo = GenerationRepository(database)
            reservations = Reservations(database)
            ids: dict[int, int] = {}

            async def reserve(n: int) -> None:
                guild = 1 + n % guilds  # one server: every reservation waits for the last
                ask = Ask(guild, 10, 1000 + n % members, frozenset(), "bench", "generated")
                result = await reservations.reserve(ask)
                if isinstance(result, Refusal):
                    raise TypeError(f"refused: {result}")
                ids[n] = result.id

            async def record(n: int) -> None:
                await repo.started(ids[n], f"job-{n}")
                await repo.completed(ids[n], finished_state(f"job-{n}"))

            began = time.perf_counter()
            reserved = await in_parallel(list(range(songs)), concurrency, reserve)
            middle = time.perf_counter()
            recorded = await in_parallel(list(range(songs)), concurrency, record)
            ended = time.perf_counter()
        finally:
            await database.close()
    return {
        "backend": database.backend,
        "guilds": guilds,
        "songs": songs,
        "concurrency": concurrency,
        **latency_summary("reserve", reserved, middle - began),
        **latency_summary("record", recorded, ended - middle),
        "songs_per_second_overall": songs / (ended - began),
    }


def on_backend(
    backend: str, run: Callable[[str | None], Coroutine[Any, Any, dict[str, Any]]]
) -> dict[str, Any]:
    """``run`` on SQLite (its url None: a temporary file) or on a database of a throwaway
    PostgreSQL cluster started for it."""
    if backend == "postgresql":
        with running_cluster() as cluster:
            return asyncio.run(run(cluster.create_database("bench")))
    return asyncio.run(run(None))


def print_result(result: dict[str, Any], *, as_json: bool) -> None:
    """A benchmark's figures: one JSON line, or one aligned line each."""
    if as_json:
        print(json.dumps(result))
        return
    for key, value in result.items():
        print(f"{key:28} {value:10.2f}" if isinstance(value, float) else f"{key:28} {value:>10}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--songs", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=100)
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--guilds", type=int, default=1, help="servers the songs are spread over")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = on_backend(
        args.backend,
        lambda url: run(args.songs, args.concurrency, args.members, url, guilds=args.guilds),
    )
    print_result(result, as_json=args.json)


if __name__ == "__main__":
    main()
