"""Fixtures shared by the whole suite: a real simulator on loopback and a client for it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from hypothesis import HealthCheck, settings

from bot.mock_api import RunningSimulator, SimulatorConfig, serve
from bot.soundverse import PollPolicy, SoundverseClient

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
