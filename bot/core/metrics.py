"""What the bot counts, for the optional Prometheus endpoint (``METRICS_PORT``).

One :class:`Metrics` per process, owned by the app's resources, each metric on its own
registry (so tests and several bots in one process never share counts). Features are handed
it and only ever increment or observe.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from types import SimpleNamespace

import aiohttp
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

STAGE_BUCKETS = (1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1200)
REQUEST_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        registry = self.registry
        self.songs_started = Counter(
            "songbot_songs_started", "Songs submitted to the API", registry=registry
        )
        self.songs_finished = Counter(
            "songbot_songs_finished",
            "Songs that ended, by outcome (completed, failed, released)",
            ["outcome"],
            registry=registry,
        )
        self.songs_in_flight = Gauge(
            "songbot_songs_in_flight", "Songs being followed now", registry=registry
        )
        self.songs_queued = Gauge(
            "songbot_songs_queued", "Songs waiting for a slot at the API", registry=registry
        )
        self.stage_seconds = Histogram(
            "songbot_api_stage_seconds",
            "Seconds from submission until each stage of a song",
            ["stage"],
            buckets=STAGE_BUCKETS,
            registry=registry,
        )
        self.discord_seconds = Histogram(
            "songbot_discord_request_seconds",
            "Discord REST requests: how long each took",
            ["method"],
            buckets=REQUEST_BUCKETS,
            registry=registry,
        )
        self.edit_lag = Histogram(
            "songbot_edit_lag_seconds",
            "From a song's new state to Discord showing it (pacing and the request)",
            buckets=REQUEST_BUCKETS,
            registry=registry,
        )
        self.discord_429s = Counter(
            "songbot_discord_rate_limited",
            "Discord answers of 429 (rate limited)",
            registry=registry,
        )
        self.songs_taken_over = Counter(
            "songbot_songs_taken_over",
            "Songs taken over from a process that stopped",
            registry=registry,
        )

    def count_in_flight(self, running: Callable[[], int], waiting: Callable[[], int]) -> None:
        self.songs_in_flight.set_function(lambda: float(running()))
        self.songs_queued.set_function(lambda: float(waiting()))

    def discord_trace(self) -> aiohttp.TraceConfig:
        """Times every request of discord.py's HTTP session and counts its 429s (discord.py
        takes a ``TraceConfig`` as ``http_trace``)."""
        trace = aiohttp.TraceConfig()

        async def began(
            _session: aiohttp.ClientSession, context: SimpleNamespace, _params: object
        ) -> None:
            context.began = time.monotonic()

        async def ended(
            _session: aiohttp.ClientSession,
            context: SimpleNamespace,
            params: aiohttp.TraceRequestEndParams,
        ) -> None:
            self.discord_seconds.labels(params.method).observe(time.monotonic() - context.began)
            if params.response.status == 429:  # HTTP's "too many requests"
                self.discord_429s.inc()

        trace.on_request_start.append(began)
        trace.on_request_end.append(ended)
        return trace
