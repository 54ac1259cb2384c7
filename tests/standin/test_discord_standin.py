"""The stand-in itself answers like Discord: rate limits with headers, form limits."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from tests.standin.discord.server import DiscordStandIn


@pytest.fixture
async def standin() -> AsyncIterator[DiscordStandIn]:
    server = DiscordStandIn()
    await server.start()
    yield server
    await server.close()


async def test_429_with_discord_headers_when_a_route_is_hit_too_fast(
    standin: DiscordStandIn, http: aiohttp.ClientSession
) -> None:
    headers = {"Authorization": f"Bot {standin.token}"}
    url = f"{standin.api_url}/channels/{standin.channel_ids[0]}/messages"
    statuses = []
    for n in range(6):
        async with http.post(url, json={"content": f"m{n}"}, headers=headers) as response:
            statuses.append(response.status)
            last = response
            body = await response.json()
    assert statuses == [200] * 5 + [429]
    assert last.headers["Content-Type"] == "application/json"
    assert last.headers["Via"] == "1.1 google"
    assert float(last.headers["Retry-After"]) > 0
    assert last.headers["X-RateLimit-Remaining"] == "0"
    assert body["retry_after"] > 0
    assert body["global"] is False
    assert len(standin.rate_limited) == 1


async def test_form_limits(standin: DiscordStandIn, http: aiohttp.ClientSession) -> None:
    headers = {"Authorization": f"Bot {standin.token}"}
    url = f"{standin.api_url}/channels/{standin.channel_ids[0]}/messages"
    too_long = {"embeds": [{"description": "x" * 4097}]}
    async with http.post(url, json=too_long, headers=headers) as response:
        assert response.status == 400
        assert (await response.json())["code"] == 50035


async def test_a_wrong_token_is_refused(
    standin: DiscordStandIn, http: aiohttp.ClientSession
) -> None:
    async with http.get(f"{standin.api_url}/users/@me", headers={"Authorization": "Bot no"}) as r:
        assert r.status == 401
