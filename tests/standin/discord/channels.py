"""The stand-in's channel routes: a channel, its threads, and the messages in it (sent,
read, edited, deleted), with Discord's form limits on every message body."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from tests.standin.discord import payloads as p
from tests.standin.discord.answers import FILES, json_answer, json_body
from tests.standin.discord.records import EPHEMERAL, Refusal, UploadedFile
from tests.standin.discord.state import World
from tests.standin.discord.validation import body_errors

Events = Callable[[str, dict[str, Any]], Awaitable[None]]


class ChannelRoutes:
    """Set up by :class:`~tests.standin.discord.rest.Rest`, which lists the routes."""

    world: World
    attachment_size_limit: int
    refuse_body: Callable[[dict[str, Any]], bool]
    _dispatch: Events

    async def _channel(self, request: web.Request) -> web.Response:
        return json_answer(self.world.channel(request.match_info["channel"]))

    async def _start_thread(self, request: web.Request) -> web.Response:
        channel_id = request.match_info["channel"]
        self.world.channel(channel_id)
        message = self.world.message(request.match_info["message"], channel_id)
        thread = self.world.start_thread(message, json_body(request) or {})
        await self._dispatch("THREAD_CREATE", {**thread, "newly_created": True})
        return json_answer(thread, status=201)

    async def _edit_thread(self, request: web.Request) -> web.Response:
        """Archive, lock or rename a thread (the only channel edits the bot makes)."""
        thread = self.world.threads.get(request.match_info["channel"])
        if thread is None:
            raise Refusal(403, 50013, "Missing Permissions")
        body = json_body(request) or {}
        meta = thread["thread_metadata"]
        for key in ("archived", "locked"):
            if key in body:
                meta[key] = bool(body[key])
        if "name" in body:
            thread["name"] = str(body["name"])[:100]
        meta["archive_timestamp"] = p.now_iso()
        await self._dispatch("THREAD_UPDATE", thread)
        return json_answer(thread)

    async def _send(self, request: web.Request) -> web.Response:
        channel_id = request.match_info["channel"]
        self.world.channel(channel_id)
        body, files = json_body(request), request[FILES]
        self._check_body(body, files)
        return json_answer(self.world.post(channel_id, body, files, None))

    async def _channel_message(self, request: web.Request) -> web.StreamResponse:
        channel_id = request.match_info["channel"]
        self.world.channel(channel_id)
        message = self.world.message(request.match_info["message"], channel_id)
        if message["flags"] & EPHEMERAL:  # only its interaction's webhook reaches it
            raise Refusal(404, 10008, "Unknown Message")
        return await self._message_op(request, message)

    async def _message_op(
        self, request: web.Request, message: dict[str, Any]
    ) -> web.StreamResponse:
        if request.method == "GET":
            return json_answer(message)
        if request.method == "DELETE":
            self.world.delete(message)
            if not message["flags"] & EPHEMERAL:  # the gateway tells of public deletions
                await self._dispatch("MESSAGE_DELETE", {
                    "id": message["id"], "channel_id": message["channel_id"],
                    "guild_id": self.world.guild_of(message["channel_id"]),
                })  # fmt: skip
            return web.Response(status=204)
        body, files = json_body(request), request[FILES]
        self._check_body(body, files)
        return json_answer(self.world.edit(message, body, files))

    def _check_body(self, body: dict[str, Any], files: list[UploadedFile]) -> None:
        errors = body_errors(body)
        if self.refuse_body(body):
            errors.append("refused by the test")
        too_big = [f.filename for f in files if len(f.data) > self.attachment_size_limit]
        if too_big:
            raise Refusal(413, 40005, f"Request entity too large: {', '.join(too_big)}")
        if errors:
            raise Refusal(400, 50035, "Invalid Form Body", errors)
