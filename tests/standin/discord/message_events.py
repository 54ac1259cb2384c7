"""The bot's own messages as gateway events, as Discord sends them: MESSAGE_CREATE,
MESSAGE_UPDATE and MESSAGE_DELETE for every message the bot posts, edits or deletes in a
channel (an interaction's answer and each of its edits included), to the sessions that asked
for the GUILD_MESSAGES intent (DIRECT_MESSAGES in a direct message), never for an ephemeral
message, once the request that made them is done.

A bot that asks for those intents pays for every such event; a bot that does not need them
should not ask (songbot asks only for GUILDS and GUILD_VOICE_STATES).
"""

from __future__ import annotations

from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from tests.standin.discord.gateway import Gateway
from tests.standin.discord.records import EPHEMERAL
from tests.standin.discord.state import World


def message_events(world: World, gateway: Gateway) -> Middleware:
    """A middleware that sends the events of the messages each request made or changed."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            return await handler(request)
        finally:
            events, world.message_events[:] = list(world.message_events), []
            for event, message in events:
                if not message["flags"] & EPHEMERAL:
                    await gateway.broadcast(event, _shaped(event, message))

    return middleware


def _shaped(event: str, message: dict[str, Any]) -> dict[str, Any]:
    where = {"channel_id": message["channel_id"], "guild_id": message.get("guild_id")}
    if event == "MESSAGE_DELETE":
        return {"id": message["id"], **where}
    return {**message, **where}
