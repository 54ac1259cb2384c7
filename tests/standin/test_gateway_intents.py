"""The stand-in's gateway honours intents as Discord's does: refusals with Discord's close
codes, and the bot's own messages heard only by sessions that asked for GUILD_MESSAGES."""

from __future__ import annotations

from typing import Any

import aiohttp

from tests.standin.discord.gateway import DIRECT_MESSAGES, GUILD_MESSAGES, GUILD_VOICE_STATES
from tests.standin.discord.server import DiscordStandIn
from tests.standin.test_discord_standin import identify, send

GUILDS = 1 << 0


async def next_dispatch(ws: aiohttp.ClientWebSocketResponse) -> dict[str, Any]:
    """The next dispatch (op 0), past heartbeat acknowledgements."""
    while True:
        frame: dict[str, Any] = await ws.receive_json(timeout=10)
        if frame["op"] == 0:
            return frame


async def mark(standin: DiscordStandIn) -> None:
    """An event every session of the server hears: what comes before it was sent first."""
    await standin.gateway.broadcast("GUILD_UPDATE", {"guild_id": standin.guild_id})


async def test_guild_messages_brings_the_bots_own_messages_created_edited_and_deleted(
    standin: DiscordStandIn, http: aiohttp.ClientSession
) -> None:
    ws, _ = await identify(http, standin, [0, 1], GUILDS | GUILD_MESSAGES)
    _, message = await send(standin, http, {"content": "hello"})
    created = await next_dispatch(ws)
    assert created["t"] == "MESSAGE_CREATE"
    assert created["d"]["id"] == message["id"]
    assert created["d"]["guild_id"] == standin.guild_id
    url = f"{standin.api_url}/channels/{standin.channel_ids[0]}/messages/{message['id']}"
    headers = {"Authorization": f"Bot {standin.token}"}
    async with http.patch(url, json={"content": "edited"}, headers=headers) as response:
        assert response.status == 200
    updated = await next_dispatch(ws)
    assert (updated["t"], updated["d"]["content"]) == ("MESSAGE_UPDATE", "edited")
    async with http.delete(url, headers=headers) as response:
        assert response.status == 204
    deleted = await next_dispatch(ws)
    assert deleted["t"] == "MESSAGE_DELETE"
    assert deleted["d"] == {
        "id": message["id"], "channel_id": standin.channel_ids[0], "guild_id": standin.guild_id,
    }  # fmt: skip
    await ws.close()


async def test_without_guild_messages_a_session_hears_none_of_them(
    standin: DiscordStandIn, http: aiohttp.ClientSession
) -> None:
    ws, _ = await identify(http, standin, [0, 1], GUILDS | GUILD_VOICE_STATES | DIRECT_MESSAGES)
    await send(standin, http, {"content": "hello"})
    await mark(standin)
    assert (await next_dispatch(ws))["t"] == "GUILD_UPDATE"
    await ws.close()


async def test_an_undocumented_intent_is_closed_as_invalid(
    standin: DiscordStandIn, http: aiohttp.ClientSession
) -> None:
    ws, events = await identify(http, standin, [0, 1], GUILDS | 1 << 17)
    assert (events, ws.close_code) == ([], 4013)


async def test_a_privileged_intent_the_application_has_not_enabled_is_disallowed(
    standin: DiscordStandIn, http: aiohttp.ClientSession
) -> None:
    message_content = 1 << 15
    ws, events = await identify(http, standin, [0, 1], GUILDS | message_content)
    assert (events, ws.close_code) == ([], 4014)
    standin.gateway.privileged_intents = message_content
    ws, events = await identify(http, standin, [0, 1], GUILDS | message_content)
    assert events[0]["t"] == "READY"
    await ws.close()
