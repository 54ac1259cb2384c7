"""The stand-in's gateway: one websocket that says hello, takes IDENTIFY and RESUME, answers
heartbeats, and dispatches events (READY, GUILD_CREATE, INTERACTION_CREATE, …)."""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from tests.standin.discord.state import World

ACK_DELAY = 0.05  # seconds: a heartbeat's round trip to Discord


class Gateway:
    def __init__(
        self,
        world: World,
        token: str,
        url: Callable[[], str],
        changed: Callable[[], Awaitable[None]],
    ) -> None:
        self._world = world
        self._token = token
        self._url = url
        self._changed = changed
        self._ws: web.WebSocketResponse | None = None
        self._seq = 0
        self.identifies = 0
        self.resumes = 0
        self._acks: set[asyncio.Task[None]] = set()

    @property
    def connected(self) -> bool:
        return self._ws is not None and self.identifies > 0

    async def serve(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": 41250}, "s": None, "t": None})
        async for message in ws:
            frame = json.loads(message.data)
            op, data = frame.get("op"), frame.get("d")
            if op == 1:
                ack = asyncio.create_task(self._ack(ws))
                self._acks.add(ack)
                ack.add_done_callback(self._acks.discard)
            elif op == 2:
                await self._identify(ws, data)
            elif op == 6:
                self.resumes += 1
                self._ws = ws
                await self._send(ws, "RESUMED", {})
                await self._changed()
        return ws

    async def _ack(self, ws: web.WebSocketResponse) -> None:
        """Acknowledge a heartbeat after a network's round trip. An instant ack on loopback
        can reach discord.py before its heartbeat thread has noted the send, which it then
        logs as the gateway being 41 s behind."""
        await asyncio.sleep(ACK_DELAY)
        if not ws.closed:
            await ws.send_json({"op": 11, "d": None, "s": None, "t": None})

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        assert self._ws is not None, "no bot is connected to the gateway"
        await self._send(self._ws, event, data)

    async def drop(self) -> None:
        """Close the connection as Discord does when it wants a reconnect."""
        if self._ws is not None:
            ws, self._ws = self._ws, None
            await ws.close(code=4000, message=b"stand-in dropped the connection")

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()

    async def _send(self, ws: web.WebSocketResponse, event: str, data: dict[str, Any]) -> None:
        self._seq += 1
        await ws.send_json({"op": 0, "t": event, "s": self._seq, "d": data})

    async def _identify(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        if data.get("token") != self._token:
            await ws.close(code=4004, message=b"Authentication failed.")
            return
        world = self._world
        ready = {
            "v": 10,
            "user": world.bot_user,
            "guilds": [{"id": guild_id, "unavailable": True} for guild_id in world.guild_channels],
            "session_id": secrets.token_hex(16),
            "resume_gateway_url": self._url(),
            "shard": [0, 1],
            "application": {"id": world.app_id, "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
        }
        await self._send(ws, "READY", ready)
        self._ws = ws
        for guild in world.guilds():
            await self._send(ws, "GUILD_CREATE", guild)
        self.identifies += 1
        await self._changed()
