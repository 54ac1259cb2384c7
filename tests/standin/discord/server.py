"""A loopback stand-in for Discord that the real discord.py client connects to.

It is put together from parts: :mod:`state` (the guild, messages, files, interactions and the
call log), :mod:`gateway` (the websocket), :mod:`rest` (the REST route table, rate limits
with Discord's headers, form limits, token expiry), :mod:`members` (the members' acts) and a
CDN. This module is the test driver: tests start it, act as members (slash commands, button
clicks, modal submits) and wait on what the bot did with :meth:`DiscordStandIn.wait_for`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from aiohttp import web

from tests.standin.discord import payloads as p
from tests.standin.discord.gateway import Gateway
from tests.standin.discord.members import Members, Ref
from tests.standin.discord.message_events import message_events
from tests.standin.discord.oauth import OAuth
from tests.standin.discord.ratelimit import RateLimiter
from tests.standin.discord.records import Call, Interaction, UploadedFile
from tests.standin.discord.rest import API, Rest, checked_answers
from tests.standin.discord.state import World
from tests.standin.discord.validation import MAX_REQUEST_BYTES
from tests.standin.discord.voice import Voice

__all__ = ["API", "Call", "DiscordStandIn", "Interaction", "Ref", "UploadedFile"]


class DiscordStandIn(Members):
    def __init__(
        self,
        *,
        token: str = "standin-bot-token",  # noqa: S107 - a stand-in's fake token
        token_lifetime: float = 15 * 60.0,
        attachment_size_limit: int = 10 * 1024 * 1024,
        channels: int = 2,
        guilds: int = 1,
        shards: int = 1,
    ) -> None:
        """``guilds=2`` (or more): the bot is in more servers, each with one channel, the last
        of ``channel_ids``; with ``shards``, server ``n`` is on shard ``n % shards``."""
        self.token = token
        self.attachment_size_limit = attachment_size_limit
        self.world = World(
            channels=channels, token_lifetime=token_lifetime, guilds=guilds, shards=shards
        )
        self.gateway = Gateway(self.world, token, lambda: self.gateway_url, self._notify)
        self.rest = Rest(
            self.world, token=token, gateway_url=lambda: self.gateway_url,
            attachment_size_limit=attachment_size_limit, dispatch=self._broadcast,
            changed=self._notify,
        )  # fmt: skip
        self.oauth = OAuth(self.world)  # Discord login, for the web gallery
        self.voice = Voice(self.world, self._broadcast, self._notify)  # channels, the voice server
        self.gateway.handlers[4] = self.voice.voice_state_update
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.base = ""
        world = self.world  # the guild's fixed facts, for tests to name
        self.app_id, self.guild_id, self.channel_ids = (
            world.app_id,
            world.guild_id,
            world.channel_ids,
        )
        self.owner, self.member, self.dj_role = world.owner, world.member, world.dj_role
        self.calls, self.rate_limited = world.calls, world.rate_limited
        self.messages, self.commands = world.messages, world.commands
        self.extra_members: list[dict[str, Any]] = world.extra_members

    # --- life ----------------------------------------------------------------------------

    async def start(self) -> None:
        # the bot's own messages as gateway events, for the sessions that asked for them
        events = message_events(self.world, self.gateway)
        app = web.Application(
            client_max_size=MAX_REQUEST_BYTES * 2,
            middlewares=[checked_answers, events, self.oauth.middleware, self.rest.middleware],
        )
        self.oauth.install(app)
        app.router.add_get("/gateway", self.gateway.serve)
        app.router.add_get("/cdn/{id}/{filename}", self._cdn)
        self.rest.install(app)
        self._runner = web.AppRunner(app, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.base = self.world.base = f"http://127.0.0.1:{self._runner.addresses[0][1]}"
        await self.voice.start()

    async def close(self) -> None:
        await self.voice.close()
        await self.gateway.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return self.base + API

    @property
    def gateway_url(self) -> str:
        return self.base.replace("http://", "ws://") + "/gateway"

    # --- what tests set ------------------------------------------------------------------

    @property
    def limits(self) -> RateLimiter:
        return self.rest.limits

    @property
    def refuse_body(self) -> Callable[[dict[str, Any]], bool]:
        return self.rest.refuse_body

    @refuse_body.setter
    def refuse_body(self, refuse: Callable[[dict[str, Any]], bool]) -> None:
        self.rest.refuse_body = refuse

    @property
    def failing(self) -> int | None:
        """While set (500, 502, …), every REST call gets that status (Discord's own outage)."""
        return self.rest.failing

    @failing.setter
    def failing(self, status: int | None) -> None:
        self.rest.failing = status

    @property
    def token_lifetime(self) -> float:
        return self.world.token_lifetime

    @token_lifetime.setter
    def token_lifetime(self, seconds: float) -> None:
        self.world.token_lifetime = seconds

    @property
    def identifies(self) -> int:
        return self.gateway.identifies

    @property
    def resumes(self) -> int:
        return self.gateway.resumes

    # --- waiting -------------------------------------------------------------------------

    async def wait_for(self, predicate: Callable[[], Any], limit: float = 20.0) -> Any:
        """Wait until ``predicate()`` is truthy (re-checked on every change); return it."""
        async with asyncio.timeout(limit), self._changed:
            while not (result := predicate()):
                await self._changed.wait()
            return result

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def wait_ready(self) -> None:
        await self.wait_for(lambda: self.gateway.connected)

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        await self.wait_for(lambda: self.gateway.listeners(data))
        await self.gateway.dispatch(event, data)

    async def _broadcast(self, event: str, data: dict[str, Any]) -> None:
        """An event the bot hears of if it is connected (a missed one is not replayed)."""
        await self.gateway.broadcast(event, data)

    async def drop_gateway(self) -> None:
        await self.gateway.drop()

    # --- files members upload -----------------------------------------------------------

    def add_attachment(
        self, filename: str, data: bytes, content_type: str | None
    ) -> dict[str, Any]:
        """A file as if a member had uploaded it with a command; served by the CDN."""
        attachment_id = p.snowflake()
        self.world.files[attachment_id] = UploadedFile("upload", filename, content_type or "", data)
        url = f"{self.base}/cdn/{attachment_id}/{filename}"
        payload = {"id": attachment_id, "filename": filename, "size": len(data), "url": url,
                   "proxy_url": url}  # fmt: skip
        if content_type:
            payload["content_type"] = content_type
        return payload

    def forget_file(self, attachment: dict[str, Any]) -> None:
        """Make an attachment's URL stop working, as Discord's signed CDN URLs expire."""
        self.world.files.pop(attachment["id"], None)

    # --- looking -------------------------------------------------------------------------

    def calls_to(self, route_prefix: str) -> list[Call]:
        return [c for c in self.calls if c.route.startswith(route_prefix)]

    def original(self, interaction: Interaction) -> dict[str, Any] | None:
        return self.messages.get(interaction.original_id or "")

    def followups(self, interaction: Interaction) -> list[dict[str, Any]]:
        return [self.messages[m] for m in interaction.followups if m in self.messages]

    # --- CDN -----------------------------------------------------------------------------

    async def _cdn(self, request: web.Request) -> web.Response:
        upload = self.world.files.get(request.match_info["id"])
        if upload is None:
            raise web.HTTPNotFound
        return web.Response(body=upload.data, content_type=upload.content_type or None)
