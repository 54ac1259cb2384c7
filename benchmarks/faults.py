"""Faults at scale: the ``benchmarks.several_processes`` setup (three real ``songbot``
processes on one throwaway PostgreSQL, each on its own shard, between the Discord stand-in and
the simulator), with one fault injected 40 % of the way into the songs:

- ``restart``: PostgreSQL restarted (``pg_ctl restart -m fast``, as for an upgrade);
- ``stop``: PostgreSQL stopped for ``--outage`` seconds (longer than a lease), then started;
- ``discord``: Discord's REST API answering 502 for ``--discord-outage`` seconds;
- ``none``: no fault, for comparison.

It prints one row of the table in issue 28 per fault: how many songs finished, how many were
lost (a song message posted, or a job the API accepted, that never shows its files), how many
were posted twice (more than one file edit of one message), and what is left after it: rows
never ended, processes that did not stop on SIGTERM, members told the database was away, and
interactions never answered (Discord's own fault: their answers came after its 3 seconds).

    python -m benchmarks.faults --fault restart|stop|discord|none [--n 300] [--rate 30]
                                [--lease 6] [--outage 20] [--discord-outage 10] [--speed 4]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from benchmarks.concurrent_songs import shows_done, until_done_or_stuck
from benchmarks.processes import simulator_process, start_bot, stop_bot
from benchmarks.several_processes import Finals
from tests.standin.discord import payloads as p
from tests.standin.discord.server import DiscordStandIn, Interaction
from tests.standin.postgres import PostgresCluster, running_cluster

PROCESSES = 3
DATABASE_DOWN = "songbot can't reach its database"
UNENDED = (
    "SELECT count(*) FROM generations WHERE delivered_at IS NULL"
    " AND status IN ('queued', 'reserved', 'running', 'completed')"
)
ROWS_END_WITHIN = 60.0  # seconds after the last song finished for every row to be ended


def injection(
    fault: str, cluster: PostgresCluster, standin: DiscordStandIn, outage: float,
    discord_outage: float,
) -> Callable[[], Coroutine[Any, Any, None]]:  # fmt: skip
    """The fault, as one coroutine that injects it and ends when it is over."""

    async def restart() -> None:
        await asyncio.to_thread(cluster.restart)

    async def stop() -> None:
        await asyncio.to_thread(cluster.pause)
        await asyncio.sleep(outage)  # the outage's length
        await asyncio.to_thread(cluster.resume)

    async def discord() -> None:
        standin.failing = 502
        await asyncio.sleep(discord_outage)  # the outage's length
        standin.failing = None

    async def none() -> None:
        return

    return {"restart": restart, "stop": stop, "discord": discord, "none": none}[fault]


async def run(
    cluster: PostgresCluster, fault: str, *, n: int, rate: float, lease: float, speed: float,
    outage: float, discord_outage: float, folder: Path,
) -> dict[str, Any]:  # fmt: skip
    database = cluster.create_database("bench")
    async with simulator_process(speed) as sim:
        standin = DiscordStandIn(channels=1, guilds=2 * PROCESSES, shards=PROCESSES)
        await standin.start()
        try:
            bots = [
                await start_bot(  # one at a time: the first migrates the database
                    token=standin.token, api_url=standin.api_url,
                    gateway_url=standin.gateway_url, simulator_url=sim.url, database=database,
                    log=folder / f"bot-{number}.log", DISCORD_SHARD_COUNT=str(PROCESSES),
                    DISCORD_SHARD_IDS=str(number), SONG_LEASE_SECONDS=str(lease),
                    LOG_LEVEL="INFO",
                )
                for number in range(PROCESSES)
            ]  # fmt: skip
            inject = injection(fault, cluster, standin, outage, discord_outage)
            interactions, injected = await _ask(standin, n, rate, inject)
            finals = Finals(standin, interactions)
            await until_done_or_stuck(standin, finals, n)
            await injected
            unended = await _rows_ended(cluster)
            reports = [await stop_bot(bot) for bot in bots]
            jobs = await sim.jobs()
        finally:
            await standin.close()
    return _measures(standin, interactions, finals, jobs, unended=unended, reports=reports)


async def _ask(
    standin: DiscordStandIn, n: int, rate: float, inject: Callable[[], Coroutine[Any, Any, None]]
) -> tuple[list[Interaction], asyncio.Task[None]]:
    """``n`` songs at ``rate`` a second over every server; the fault starts at 40 %."""
    members = [p.user(p.snowflake(), f"member{i}") for i in range(max(1, n // 3))]
    interactions: list[Interaction] = []
    injected: asyncio.Task[None] | None = None
    began = time.monotonic()
    for i in range(n):
        await asyncio.sleep(max(0.0, began + i / rate - time.monotonic()))
        if injected is None and i >= 0.4 * n:
            injected = asyncio.create_task(inject())
        interactions.append(await standin.slash(
            "song", {"prompt": f"song {i}"}, user=members[i % len(members)],
            channel=i % len(standin.channel_ids),
        ))  # fmt: skip
    return interactions, injected or asyncio.create_task(inject())


async def _rows_ended(cluster: PostgresCluster) -> int:
    """Rows not ended, once they all are or :data:`ROWS_END_WITHIN` has passed."""
    deadline = time.monotonic() + ROWS_END_WITHIN
    while True:
        left = int(await asyncio.to_thread(cluster.psql, UNENDED, "bench"))
        if left == 0 or time.monotonic() > deadline:
            return left
        await asyncio.sleep(0.5)


def _measures(
    standin: DiscordStandIn, interactions: list[Interaction], finals: Finals,
    jobs: dict[str, Any], *, unended: int, reports: list[dict[str, Any]],
) -> dict[str, Any]:  # fmt: skip
    finished = sum(shows_done(standin, i) for i in interactions)
    told, unanswered, posted = 0, 0, 0
    for interaction in interactions:
        answer = _answer(standin, interaction)
        if answer is None:
            unanswered += 1
        elif DATABASE_DOWN in (answer.get("content") or ""):
            told += 1
        elif standin.original(interaction) is not None and not (answer.get("flags", 0) & 64):
            posted += 1
    finals.count()
    return {
        "finished": finished,
        "lost": max(posted - finished, len(jobs) - finished),
        "posted_twice": sum(edits > 1 for edits in finals.edits.values()),
        "jobs_at_the_api": len(jobs),
        "rows_unended": unended,
        "stopped_on_sigterm": sum(r["cpu_seconds"] == r["cpu_seconds"] for r in reports),
        "told_database_away": told,
        "never_answered": unanswered,
    }


def _answer(standin: DiscordStandIn, interaction: Interaction) -> dict[str, Any] | None:
    """What the bot answered the interaction with (a song's message, a private sentence, or
    "thinking…" then a follow-up), or None if no answer got through."""
    for call in standin.calls_to("POST /interactions"):
        if f"/{interaction.id}/" in call.path and call.status in (200, 204):
            data: dict[str, Any] = call.json.get("data") or {}
            followups = standin.followups(interaction)
            return followups[0] if call.json.get("type") == 5 and followups else data
    return None


def row(fault: str, result: dict[str, Any]) -> str:
    after = (
        f"{result['rows_unended']} rows unended; {result['stopped_on_sigterm']}/{PROCESSES}"
        f" processes stopped on SIGTERM; {result['told_database_away']} told the database is"
        f" away; {result['never_answered']} never answered"
    )
    return (f"| {fault} | {result['finished']} | {result['lost']} | {result['posted_twice']}"
            f" | {after} |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fault", choices=("restart", "stop", "discord", "none"), required=True)
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--rate", type=float, default=30.0, help="new songs a second")
    parser.add_argument("--lease", type=float, default=6.0, help="SONG_LEASE_SECONDS")
    parser.add_argument("--speed", type=float, default=4.0, help="simulator speed-up")
    parser.add_argument("--outage", type=float, default=20.0, help="seconds PostgreSQL is down")
    parser.add_argument("--discord-outage", type=float, default=10.0, help="seconds of 502s")
    parser.add_argument("--logs", type=Path, help="keep the bots' logs in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch, running_cluster() as cluster:
        folder = args.logs or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        result = asyncio.run(run(
            cluster, args.fault, n=args.n, rate=args.rate, lease=args.lease, speed=args.speed,
            outage=args.outage, discord_outage=args.discord_outage, folder=folder,
        ))  # fmt: skip
    print("| fault | finished | lost | posted twice | after it |")
    print("|---|---|---|---|---|")
    print(row(args.fault, result))
    print(f"(jobs at the API: {result['jobs_at_the_api']}, n={args.n}, lease {args.lease} s)")


if __name__ == "__main__":
    main()
