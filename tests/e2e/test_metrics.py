"""The operator endpoint: Prometheus metrics that count songs, and a health check."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.app.metrics_server import metrics_server
from bot.mock_api import RunningSimulator
from tests.e2e.helpers import Harness, bot_settings, check_clean_run, song, start_bot, stop_bot
from tests.standin.discord.server import DiscordStandIn


@pytest.fixture
async def metered(
    discord_standin: DiscordStandIn,
    simulator: RunningSimulator,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> AsyncIterator[Harness]:
    """The bot with ``METRICS_PORT`` set (the endpoint itself is started by each test)."""
    settings = bot_settings(discord_standin, simulator, tmp_path, metrics_port=0)
    bot, task, resources = await start_bot(settings, discord_standin)
    yield Harness(bot, discord_standin, simulator)
    await stop_bot(bot, task, resources)
    check_clean_run(discord_standin, caplog)


async def test_metrics_count_songs_and_health_is_reported(
    metered: Harness, http: aiohttp.ClientSession
) -> None:
    h = metered
    async with metrics_server(h.bot, "127.0.0.1", 0) as runner:
        base = f"http://127.0.0.1:{runner.addresses[0][1]}"
        await song(h, prompt="x")
        async with http.get(f"{base}/metrics") as response:
            assert response.status == 200
            text = await response.text()
        async with http.get(f"{base}/healthz") as response:
            health = await response.json()
            assert response.status == 200
    assert "songbot_songs_started_total 1.0" in text
    assert 'songbot_songs_finished_total{outcome="completed"} 1.0' in text
    assert "songbot_songs_in_flight 0.0" in text
    assert 'songbot_api_stage_seconds_count{stage="validated"} 1.0' in text
    assert 'songbot_discord_request_seconds_count{method="PATCH"}' in text
    assert "songbot_discord_rate_limited_total 0.0" in text
    assert "songbot_edit_lag_seconds_count" in text
    assert health == {"healthy": True, "gateway": True, "database": True}


async def test_discord_requests_are_not_timed_without_a_metrics_port(
    harness: Harness, http: aiohttp.ClientSession
) -> None:
    h = harness
    async with metrics_server(h.bot, "127.0.0.1", 0) as runner:
        await song(h, prompt="x")
        async with http.get(f"http://127.0.0.1:{runner.addresses[0][1]}/metrics") as response:
            text = await response.text()
    assert "songbot_songs_started_total 1.0" in text
    assert 'songbot_discord_request_seconds_count{method="PATCH"}' not in text
