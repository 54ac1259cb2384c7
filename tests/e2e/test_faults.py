"""Faults a deployment meets every month, with three real ``songbot run`` processes on a
PostgreSQL cluster of this module's own (it is restarted and stopped here): the database
restarted, the database stopped for longer than a lease. Each loses no song the API accepted,
posts none twice, leaves no row unended, and every process stops cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest

from bot.mock_api import Faults, RunningSimulator
from tests.e2e.fleet import LEASE, Fleet, fleet_of
from tests.e2e.helpers import answer_to, shows
from tests.e2e.test_processes import final_posts
from tests.standin.discord.server import Interaction
from tests.standin.postgres import REQUIRE, PostgresCluster, binaries, running_cluster

# A row not ended: waiting, at the API, or done but its message not showing it yet.
UNENDED = (
    "SELECT count(*) FROM generations WHERE delivered_at IS NULL"
    " AND status IN ('queued', 'reserved', 'running', 'completed')"
)
# A finished song without its tokens: its end was never written.
UNCOUNTED = "SELECT count(*) FROM generations WHERE status = 'completed' AND total_tokens IS NULL"
DATABASE_DOWN = "songbot can't reach its database; try again in a minute."


async def until(check: Callable[[], object], limit: float = 60.0) -> None:
    """Wait for ``check()`` (polled: what it looks at is in other processes)."""
    async with asyncio.timeout(limit):
        while not check():  # noqa: ASYNC110 - no event crosses from another process
            await asyncio.sleep(0.05)


@pytest.fixture(scope="module")
def cluster() -> Iterator[PostgresCluster]:
    """A server of this module's own: restarting it must not disturb other tests'."""
    if binaries() is None:
        if os.environ.get(REQUIRE):
            pytest.fail(f"PostgreSQL is required here ({REQUIRE} is set)")
        pytest.skip("PostgreSQL tests skipped: no server binaries")
    with running_cluster() as running:
        yield running


class Faulty(Fleet):
    """The fleet, its database's cluster, and what every fault test checks at the end."""

    cluster: PostgresCluster
    database: str

    async def sql(self, query: str) -> str:
        return (await asyncio.to_thread(self.cluster.psql, query, self.database)).strip()

    async def until_sql(self, query: str, value: str, limit: float = 60.0) -> None:
        """Wait until the database answers ``query`` with ``value`` (polled)."""
        async with asyncio.timeout(limit):
            while await self.sql(query) != value:  # noqa: ASYNC110 - as above: polled
                await asyncio.sleep(0.1)

    async def rows_ended(self) -> None:
        """Every row ended, with its tokens if it finished."""
        await self.until_sql(UNENDED, "0")
        assert await self.sql(UNCOUNTED) == "0"

    def log(self, number: int) -> str:
        return (self.folder / f"process-{number}" / "bot.log").read_text()

    async def stop_cleanly(self, *, unexpected: int = 0) -> None:
        """SIGTERM each process: each stops by itself, with exit code 0; ``unexpected``
        errors were logged in all."""
        for process in self.processes:
            process.send_signal(signal.SIGTERM)
        for process in self.processes:
            assert await asyncio.wait_for(process.wait(), 30) == 0
        logs = "".join(self.log(number) for number in range(len(self.processes)))
        assert logs.count("unexpected error") == unexpected


@pytest.fixture
async def faulty(
    cluster: PostgresCluster, simulator: RunningSimulator, tmp_path: Path
) -> AsyncIterator[Faulty]:
    database = f"faults_{tmp_path.name}"
    url = await asyncio.to_thread(cluster.create_database, database)
    async with fleet_of(Faulty, simulator, url, tmp_path) as fleet:
        fleet.cluster, fleet.database = cluster, database
        yield fleet
        await fleet.stop()


async def songs_in_flight(fleet: Faulty, per_server: int = 2) -> list[Interaction]:
    """Three processes, each with songs at the API (slowed there) when this returns."""
    fleet.simulator.simulator.config.faults = Faults.parse("slow=uploading_v1:3")
    await fleet.start(3, shards=True)
    standin = fleet.standin
    songs = [await standin.slash("song", {"prompt": f"on {n}, {k}"}, channel=n + 1)
             for n in range(3) for k in range(per_server)]  # fmt: skip
    for song in songs:
        await standin.wait_for(shows(standin, song, "preview 2"), limit=60)
    return songs


async def each_finished_once(fleet: Faulty, songs: list[Interaction]) -> None:
    """Every song the API accepted shows its files, posted once; none submitted twice."""
    standin = fleet.standin
    for song in songs:
        message = await standin.wait_for(shows(standin, song, "✅ Done"), limit=90)
        assert len(message["attachments"]) == 3
        assert len(final_posts(standin, song, message["id"])) == 1  # posted once
    assert len(fleet.simulator.simulator.jobs) == len(songs)


async def test_a_database_restart_loses_nothing_and_posts_nothing_twice(faulty: Faulty) -> None:
    songs = await songs_in_flight(faulty)
    await asyncio.to_thread(faulty.cluster.restart)  # pg_ctl restart -m fast, as an upgrade
    standin = faulty.standin
    after = [await standin.slash("song", {"prompt": f"after {n}"}, channel=n + 1)
             for n in range(3)]  # the pools reconnect by themselves  # fmt: skip
    await each_finished_once(faulty, songs + after)
    await faulty.rows_ended()
    await faulty.stop_cleanly()


async def test_a_database_stopped_longer_than_a_lease_loses_nothing(faulty: Faulty) -> None:
    songs = await songs_in_flight(faulty)
    standin = faulty.standin
    await asyncio.to_thread(faulty.cluster.pause)
    asked = await standin.slash("song", {"prompt": "while it is down"}, channel=1)
    answer = await standin.wait_for(answer_to(standin, asked), limit=30)
    assert answer["content"] == DATABASE_DOWN  # no apology, no error id
    await until(lambda: all(
        "not touching the songs' messages" in faulty.log(n) for n in range(3)))  # fmt: skip
    stopped_touching = time.monotonic()
    # The outage itself: longer than a lease, so every lease in the database ran out.
    await asyncio.sleep(LEASE)
    edits_meanwhile = [c for c in standin.calls if c.method == "PATCH"
                       and stopped_touching < c.began]  # fmt: skip
    await asyncio.to_thread(faulty.cluster.resume)
    assert edits_meanwhile == []  # no process touched a song while it could have lost it
    await each_finished_once(faulty, songs)
    await faulty.rows_ended()
    logs = "".join(faulty.log(n) for n in range(3))
    assert "taking over" not in logs  # every process kept its own songs
    await faulty.stop_cleanly()
