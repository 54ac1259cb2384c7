"""Fixtures shared by the whole suite: a real simulator on loopback and a client for it, the
Discord stand-in."""

from __future__ import annotations

import asyncio
import concurrent.futures
import itertools
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import aiohttp
import pytest
from hypothesis import HealthCheck, settings

from bot.mock_api import RunningSimulator, SimulatorConfig, serve
from bot.soundverse import PollPolicy, SoundverseClient
from bot.store import Database, open_database
from tests.standin.discord.server import DiscordStandIn
from tests.standin.postgres import HOW_TO_GET, REQUIRE, PostgresCluster, binaries, running_cluster

# Deterministic property tests: the same examples every run, and no per-example time limit
# (timing on a loaded 2-core CI machine says nothing about correctness).
settings.register_profile(
    "songbot",
    derandomize=True,
    deadline=None,
    max_examples=200,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("songbot")

# Every body the Discord stand-in receives and every answer it gives, checked against
# Discord's OpenAPI description (tests/standin/discord/plugin.py).
pytest_plugins = ["tests.standin.discord.plugin"]

TEST_KEY = "sk-test-0123456789abcdef"
INSTANT = float("inf")


def fast_config(**overrides: object) -> SimulatorConfig:
    """A simulator with no pauses and one-second songs, for tests."""
    values: dict[str, object] = {"speed": INSTANT, "song_seconds": 1.0}
    values.update(overrides)
    return SimulatorConfig(**values)  # type: ignore[arg-type]


@pytest.fixture
async def simulator() -> AsyncIterator[RunningSimulator]:
    async with serve(fast_config()) as running:
        yield running


@pytest.fixture
async def standin() -> AsyncIterator[DiscordStandIn]:
    """The Discord stand-in, started for a test and closed after it."""
    standin = DiscordStandIn()
    await standin.start()
    yield standin
    await standin.close()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


def make_client(http: aiohttp.ClientSession, url: str, **overrides: object) -> SoundverseClient:
    options: dict[str, object] = {
        "base_url": url,
        "idle_timeout": 2.0,
        "poll": PollPolicy(first_delay=0.01, max_delay=0.05, deadline=10.0),
    }
    options.update(overrides)
    return SoundverseClient(http, TEST_KEY, **options)  # type: ignore[arg-type]


@pytest.fixture
def client(http: aiohttp.ClientSession, simulator: RunningSimulator) -> SoundverseClient:
    return make_client(http, simulator.url)


@pytest.fixture
async def sqlite_database(tmp_path: Path) -> AsyncIterator[Database]:
    """A fresh, migrated SQLite store in a temporary directory."""
    db = await open_database(tmp_path / "nested" / "songbot.db")
    yield db
    await db.close()


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    """One real PostgreSQL server for the session, with a migrated template database. Where
    there is none, its tests are skipped with how to get them; under .ci/run they fail."""
    if binaries() is None:
        if os.environ.get(REQUIRE):
            pytest.fail(f"PostgreSQL is required here ({REQUIRE} is set): {HOW_TO_GET}")
        pytest.skip(f"PostgreSQL tests skipped: {HOW_TO_GET}")
    with running_cluster() as cluster:
        url = cluster.create_database(TEMPLATE)
        # its own thread: the first test to ask may be inside a running event loop
        with concurrent.futures.ThreadPoolExecutor(1) as thread:
            thread.submit(asyncio.run, _migrated(url)).result()
        yield cluster


TEMPLATE = "songbot_template"
_databases = itertools.count(1)


async def _migrated(url: str) -> None:
    database = await open_database(url)
    await database.close()


@pytest.fixture
def postgres_url(postgres_cluster: PostgresCluster) -> str:
    """A database of its own for one test, already migrated."""
    return postgres_cluster.create_database(f"test_{next(_databases)}", template=TEMPLATE)


@pytest.fixture
def empty_postgres_url(postgres_cluster: PostgresCluster) -> str:
    """A database of its own for one test, with no tables yet."""
    return postgres_cluster.create_database(f"empty_{next(_databases)}")
