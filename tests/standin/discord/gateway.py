"""The stand-in's gateway: websockets that say hello, take IDENTIFY and RESUME, answer
heartbeats, and dispatch events (READY, GUILD_CREATE, INTERACTION_CREATE, …).

Each IDENTIFY names its intents, as Discord's does: a bit Discord does not document closes
the connection with 4013 (Invalid intent(s)), a privileged one the application has not enabled
(``privileged_intents``) with 4014 (Disallowed intent(s)), and events behind an intent (the
bot's own messages: ``message_events.py``) reach only the sessions that asked for it.

Each IDENTIFY may name a shard (``"shard": [id, count]``), as Discord's does: the session then
hears only of the servers with ``(guild_id >> 22) % count == id`` (direct messages go to shard
0), and a shard id outside the count is closed with 4010 (Invalid shard). Several processes,
each with its own shards, connect at once; two sessions of one shard both hear its events, as
on Discord, so a misconfigured deployment shows up as double answers.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from tests.standin.discord.state import World

ACK_DELAY = 0.05  # seconds: a heartbeat's round trip to Discord


@dataclass
class Session:
    """One identified connection: its shard, and the websocket it is on now."""

    id: str
    shard: int
    shards: int
    ws: web.WebSocketResponse | None
    intents: int = 0


# Discord's documented gateway intents (GUILDS 1 << 0 … DIRECT_MESSAGE_POLLS 1 << 25), and the
# privileged ones an application must enable in the developer portal first.
DOCUMENTED_INTENTS = sum(1 << bit for bit in (*range(17), 20, 21, 24, 25))
PRIVILEGED_INTENTS = 1 << 1 | 1 << 8 | 1 << 15  # GUILD_MEMBERS, GUILD_PRESENCES, MESSAGE_CONTENT
GUILD_VOICE_STATES, GUILD_MESSAGES, DIRECT_MESSAGES = 1 << 7, 1 << 9, 1 << 12
_MESSAGE_EVENTS = {"MESSAGE_CREATE", "MESSAGE_UPDATE", "MESSAGE_DELETE"}


def intent_behind(event: str, data: dict[str, Any]) -> int:
    """The intent a session needs to hear ``event`` (0: every session hears it)."""
    if event == "VOICE_STATE_UPDATE":
        return GUILD_VOICE_STATES
    if event in _MESSAGE_EVENTS:
        return GUILD_MESSAGES if data.get("guild_id") else DIRECT_MESSAGES
    return 0


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
        self.sessions: dict[str, Session] = {}
        # Interactions one at a time to each listening session in turn, as Discord does when
        # they go to an Interactions Endpoint URL behind a load balancer: the harshest case
        # for limits shared by processes (through the gateway, a server's go to one shard).
        self.balanced = False
        self._turn = 0
        self._seq = 0
        self.identifies = 0
        self.privileged_intents = 0  # none enabled in the (stand-in) developer portal
        self.resumes = 0
        self._acks: set[asyncio.Task[None]] = set()
        # Other ops a part of the stand-in answers (op 4, voice state update: voice.py)
        self.handlers: dict[int, Callable[[web.WebSocketResponse, Any], Awaitable[None]]] = {}

    @property
    def connected(self) -> bool:
        return any(session.ws is not None for session in self.sessions.values())

    def shards_connected(self) -> set[int]:
        return {s.shard for s in self.sessions.values() if s.ws is not None and not s.ws.closed}

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
                session = self.sessions.get(str((data or {}).get("session_id")))
                if session is None:  # Discord: the session can't be resumed, identify again
                    await ws.send_json({"op": 9, "d": False, "s": None, "t": None})
                    continue
                self.resumes += 1
                session.ws = ws
                await self._send(ws, "RESUMED", {})
                await self._changed()
            elif op in self.handlers:
                await self.handlers[op](ws, data)
        for session in self.sessions.values():
            if session.ws is ws:
                session.ws = None
        await self._changed()
        return ws

    async def _ack(self, ws: web.WebSocketResponse) -> None:
        """Acknowledge a heartbeat after a network's round trip. An instant ack on loopback
        can reach discord.py before its heartbeat thread has noted the send, which it then
        logs as the gateway being 41 s behind."""
        await asyncio.sleep(ACK_DELAY)
        if not ws.closed:
            await ws.send_json({"op": 11, "d": None, "s": None, "t": None})

    def listeners(self, data: dict[str, Any], event: str = "") -> list[web.WebSocketResponse]:
        """The connections that hear an event about this server, by its shard (and, for an
        event behind an intent, only those that asked for it)."""
        guild_id = data.get("guild_id")
        intent = intent_behind(event, data)
        return [
            session.ws for session in self.sessions.values()
            if session.ws is not None and not session.ws.closed
            and self._world.shard_of(guild_id, session.shards) == session.shard
            and session.intents & intent == intent
        ]  # fmt: skip

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        listeners = self.listeners(data, event)
        assert listeners, "no bot is connected to the gateway for that server's shard"
        if self.balanced and event == "INTERACTION_CREATE":
            self._turn += 1
            listeners = [listeners[self._turn % len(listeners)]]
        for ws in listeners:
            await self._send(ws, event, data)

    async def broadcast(self, event: str, data: dict[str, Any]) -> None:
        """An event for whoever hears of that server now (a missed one is not replayed)."""
        for ws in self.listeners(data, event):
            await self._send(ws, event, data)

    async def drop(self) -> None:
        """Close the connections as Discord does when it wants a reconnect."""
        for session in self.sessions.values():
            if session.ws is not None:
                ws, session.ws = session.ws, None
                await ws.close(code=4000, message=b"stand-in dropped the connection")

    async def close(self) -> None:
        for session in self.sessions.values():
            if session.ws is not None:
                await session.ws.close()

    async def _send(self, ws: web.WebSocketResponse, event: str, data: dict[str, Any]) -> None:
        self._seq += 1
        await ws.send_json({"op": 0, "t": event, "s": self._seq, "d": data})

    async def _identify(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        if data.get("token") != self._token:
            await ws.close(code=4004, message=b"Authentication failed.")
            return
        shard, shards = data.get("shard") or (0, 1)
        if not 0 <= shard < shards:
            await ws.close(code=4010, message=b"Invalid shard.")
            return
        intents = data.get("intents", 0)
        if not isinstance(intents, int) or intents & ~DOCUMENTED_INTENTS:
            await ws.close(code=4013, message=b"Invalid intent(s).")
            return
        if intents & PRIVILEGED_INTENTS & ~self.privileged_intents:
            await ws.close(code=4014, message=b"Disallowed intent(s).")
            return
        world = self._world
        mine = [g for g in world.guilds() if world.shard_of(g["id"], shards) == shard]
        session = Session(secrets.token_hex(16), shard, shards, ws, intents)
        ready = {
            "v": 10,
            "user": world.bot_user,
            "guilds": [{"id": guild["id"], "unavailable": True} for guild in mine],
            "session_id": session.id,
            "resume_gateway_url": self._url(),
            "shard": [shard, shards],
            "application": {"id": world.app_id, "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
        }
        await self._send(ws, "READY", ready)
        self.sessions[session.id] = session
        for guild in mine:
            await self._send(ws, "GUILD_CREATE", guild)
        self.identifies += 1
        await self._changed()
