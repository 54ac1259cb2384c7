"""The operator endpoint: Prometheus metrics that count songs, and a health check."""

from __future__ import annotations

import aiohttp

from bot.app.metrics_server import metrics_server
from tests.e2e.helpers import Harness, song


async def test_metrics_count_songs_and_health_is_reported(
    harness: Harness, http: aiohttp.ClientSession
) -> None:
    h = harness
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
