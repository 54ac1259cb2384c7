"""The stand-in itself answers like Discord: rate limits with headers, form limits, shards."""

from __future__ import annotations

import json
from typing import Any

import aiohttp

from tests.standin.discord.conformance import Conformance
from tests.standin.discord.server import DiscordStandIn


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


async def test_form_limits(
    standin: DiscordStandIn,
    http: aiohttp.ClientSession,
    discord_conformance: Conformance | None,
) -> None:
    headers = {"Authorization": f"Bot {standin.token}"}
    url = f"{standin.api_url}/channels/{standin.channel_ids[0]}/messages"
    too_long = {"embeds": [{"description": "x" * 4097}]}
    async with http.post(url, json=too_long, headers=headers) as response:
        assert response.status == 400
        assert (await response.json())["code"] == 50035
    if discord_conformance is not None:  # and Discord's description says so too
        [problem] = discord_conformance.take()
        assert "request body: $.embeds[0].description breaks maxLength 4096" in problem


async def test_a_wrong_token_is_refused(
    standin: DiscordStandIn, http: aiohttp.ClientSession
) -> None:
    async with http.get(f"{standin.api_url}/users/@me", headers={"Authorization": "Bot no"}) as r:
        assert r.status == 401


async def test_each_channel_has_its_own_bucket_under_one_route(
    standin: DiscordStandIn, http: aiohttp.ClientSession
) -> None:
    headers = {"Authorization": f"Bot {standin.token}"}
    first, second = (f"{standin.api_url}/channels/{c}/messages" for c in standin.channel_ids)
    for n in range(5):
        async with http.post(first, json={"content": f"m{n}"}, headers=headers) as response:
            assert response.status == 200
    async with http.post(second, json={"content": "other"}, headers=headers) as response:
        assert response.status == 200
    assert {c.route for c in standin.calls} == {"POST /channels/{channel}/messages"}


async def test_an_unknown_route_is_a_discord_404(
    standin: DiscordStandIn, http: aiohttp.ClientSession
) -> None:
    headers = {"Authorization": f"Bot {standin.token}"}
    async with http.get(f"{standin.api_url}/guilds/1/bans", headers=headers) as response:
        assert response.status == 404
        assert (await response.json())["code"] == 0
    assert standin.calls[-1].route == "GET /guilds/1/bans"


async def send(
    standin: DiscordStandIn, http: aiohttp.ClientSession, body: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    """POST a message to the first channel as the bot: the status and the answer's JSON."""
    url = f"{standin.api_url}/channels/{standin.channel_ids[0]}/messages"
    headers = {"Authorization": f"Bot {standin.token}"}
    async with http.post(url, json=body, headers=headers) as response:
        answer: dict[str, Any] = await response.json()
        return response.status, answer


async def test_a_reply_to_a_missing_message_is_refused_unless_asked_not_to_fail(
    standin: DiscordStandIn, http: aiohttp.ClientSession
) -> None:
    _, first = await send(standin, http, {"content": "first"})
    pointing = {"message_id": first["id"]}
    _, reply = await send(standin, http, {"content": "re", "message_reference": pointing})
    assert reply["type"] == 19
    assert reply["message_reference"]["message_id"] == first["id"]
    status, _ = await send(
        standin, http, {"content": "re", "message_reference": {"message_id": "1"}}
    )
    assert status == 400
    lenient = {"message_id": "1", "fail_if_not_exists": False}
    status, answer = await send(standin, http, {"content": "re", "message_reference": lenient})
    assert status == 200
    assert "message_reference" not in answer


async def test_deleting_a_message_forgets_it(
    standin: DiscordStandIn, http: aiohttp.ClientSession
) -> None:
    _, message = await send(standin, http, {"content": "bye"})
    url = f"{standin.api_url}/channels/{standin.channel_ids[0]}/messages/{message['id']}"
    headers = {"Authorization": f"Bot {standin.token}"}
    async with http.delete(url, headers=headers) as response:
        assert response.status == 204
    async with http.delete(url, headers=headers) as response:
        assert response.status == 404
        assert (await response.json())["code"] == 10008
    assert [m["id"] for m in standin.world.deleted] == [message["id"]]


async def identify(
    http: aiohttp.ClientSession, standin: DiscordStandIn, shard: list[int], intents: int = 0
) -> tuple[aiohttp.ClientWebSocketResponse, list[dict[str, Any]]]:
    """Connect and IDENTIFY on a shard with those intents; the dispatches up to the last
    GUILD_CREATE (or the close)."""
    ws = await http.ws_connect(standin.gateway_url)
    await ws.receive_json()  # HELLO
    identity = {"token": standin.token, "shard": shard, "intents": intents}
    await ws.send_json({"op": 2, "d": identity})
    events: list[dict[str, Any]] = []
    while True:
        message = await ws.receive()
        if message.type is not aiohttp.WSMsgType.TEXT:
            return ws, events
        events.append(json.loads(message.data))
        ready = events[0]["d"]
        if len(events) == 1 + len(ready["guilds"]):
            return ws, events


async def test_each_shard_hears_only_its_servers(http: aiohttp.ClientSession) -> None:
    standin = DiscordStandIn(guilds=3, shards=2)
    await standin.start()
    try:
        first, second = list(standin.world.guild_channels)[:2]
        ws, events = await identify(http, standin, [1, 2])
        assert events[0]["d"]["shard"] == [1, 2]
        assert [e["d"]["id"] for e in events[1:]] == [second]  # server n is on shard n % 2
        assert standin.gateway.listeners({"guild_id": second})
        assert not standin.gateway.listeners({"guild_id": first})
        await ws.close()
    finally:
        await standin.close()


async def test_a_shard_outside_the_count_is_closed_as_invalid(
    standin: DiscordStandIn, http: aiohttp.ClientSession
) -> None:
    ws, events = await identify(http, standin, [2, 2])
    assert events == []
    assert ws.close_code == 4010
