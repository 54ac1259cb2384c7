"""Voice in the Discord stand-in: voice channels, who is in them, and the bot's voice
connection, put together from :mod:`voice_gateway` (the TLS websocket), :mod:`voice_udp`
(IP discovery and the RTP audio) and :mod:`voice_tls` (the throwaway certificate authority).

The main gateway's op 4 (voice state update) from the bot is answered as Discord does, with
VOICE_STATE_UPDATE (its session) and VOICE_SERVER_UPDATE (a token and the voice server's
``endpoint``, here ``127.0.0.1:port``, which discord.py opens as ``wss://{endpoint}/?v=8``).
Members joining and leaving voice channels arrive as VOICE_STATE_UPDATE events; a moderator
disconnecting the bot is the same event for the bot plus the voice socket closed with 4014.

Every guild the bot is in has voice channels, and the bot has at most one voice connection per
guild, as on Discord: the grants are kept by guild, so a second op 4 in a guild moves that
connection. One voice server here serves every guild's connection (each its own SSRC and key),
as one of Discord's voice servers carries many guilds' calls.
"""

from __future__ import annotations

import asyncio
import dataclasses
import secrets
import ssl
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from tests.standin.discord import payloads as p
from tests.standin.discord.state import World
from tests.standin.discord.voice_gateway import DISCONNECTED, Grant, VoiceGateway, VoiceSession
from tests.standin.discord.voice_tls import HOST, make_certificates
from tests.standin.discord.voice_udp import Stream, VoiceUdp

Broadcast = Callable[[str, dict[str, Any]], Awaitable[None]]


class Voice:
    def __init__(
        self, world: World, broadcast: Broadcast, changed: Callable[[], Awaitable[None]]
    ) -> None:
        self._world = world
        self._broadcast = broadcast
        self._changed = changed
        # Voice channels: two in the main guild (``channel_ids``), one in each other guild
        self.guild_channel_ids = {
            guild_id: [p.snowflake() for _ in range(2 if guild_id == world.guild_id else 1)]
            for guild_id in world.guild_channels
        }
        self.channel_ids = self.guild_channel_ids[world.guild_id]
        for guild_id, channel_ids in self.guild_channel_ids.items():
            world.voice_channels[guild_id] = [
                voice_channel(cid, guild_id, f"Listening room {n}", 10 + n)
                for n, cid in enumerate(channel_ids)
            ]
        self.states: dict[tuple[str, str], dict[str, Any]] = {}  # (guild, user): voice state
        self._grants: dict[str, Grant] = {}  # by guild id
        self._certificates = make_certificates()
        self.udp = VoiceUdp(self._poke)
        self.gateway = VoiceGateway(self._grants.get, self.udp, lambda: self.udp_port, self._poke)
        self._runner: web.AppRunner | None = None
        self._udp_transport: asyncio.DatagramTransport | None = None
        self.udp_port = 0
        self.endpoint = ""
        self._pokes: set[asyncio.Future[None]] = set()

    # --- life ----------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/", self.gateway.serve)
        self._runner = web.AppRunner(app, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, HOST, 0, ssl_context=self._certificates.server_context())
        await site.start()
        self.endpoint = f"{HOST}:{self._runner.addresses[0][1]}"
        transport, _ = await asyncio.get_running_loop().create_datagram_endpoint(
            lambda: self.udp, local_addr=(HOST, 0)
        )
        self._udp_transport = transport
        self.udp_port = transport.get_extra_info("sockname")[1]

    async def close(self) -> None:
        await self.gateway.close_all()
        if self._runner is not None:
            await self._runner.cleanup()
        if self._udp_transport is not None:
            self._udp_transport.close()

    def client_ssl(self) -> ssl.SSLContext:
        """The TLS context a client needs to trust the voice server's certificate."""
        return self._certificates.client_context()

    @property
    def ca_pem(self) -> bytes:
        """The throwaway authority's certificate, for a client in another process to trust."""
        return self._certificates.ca_pem

    # --- the main gateway's op 4 ---------------------------------------------------------

    async def voice_state_update(self, _ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        """The bot joins, moves or leaves a voice channel."""
        guild_id, channel_id = str(data.get("guild_id")), data.get("channel_id")
        bot = self._world.bot_user
        if channel_id is None:
            self._grants.pop(guild_id, None)
            await self._set_state(guild_id, bot, None, session_id=secrets.token_hex(16))
            return
        grant = Grant(
            guild_id, str(channel_id), bot["id"], secrets.token_hex(16), secrets.token_hex(8)
        )
        self._grants[guild_id] = grant
        await self._set_state(
            guild_id,
            bot,
            grant.channel_id,
            session_id=grant.session_id,
            self_mute=bool(data.get("self_mute")),
            self_deaf=bool(data.get("self_deaf")),
        )
        await self._broadcast(
            "VOICE_SERVER_UPDATE",
            {"token": grant.token, "guild_id": guild_id, "endpoint": self.endpoint},
        )

    # --- what tests do -------------------------------------------------------------------

    async def join(self, user: dict[str, Any], channel_id: str) -> None:
        """A member joins (or moves to) a voice channel, of whichever guild it is in."""
        await self._set_state(self.guild_of(channel_id), user, channel_id)

    async def leave(self, user: dict[str, Any], guild_id: str | None = None) -> None:
        await self._set_state(guild_id or self._world.guild_id, user, None)

    def guild_of(self, channel_id: str) -> str:
        """The guild a voice channel is in."""
        return next(g for g, ids in self.guild_channel_ids.items() if channel_id in ids)

    async def disconnect_bot(self, guild_id: str | None = None) -> None:
        """A moderator disconnects the bot from voice by hand."""
        guild_id = guild_id or self._world.guild_id
        self._grants.pop(guild_id, None)
        await self._set_state(guild_id, self._world.bot_user, None)
        session = self.gateway.session_of(guild_id)
        if session is not None:
            await self.gateway.close(session, DISCONNECTED)

    async def move_bot(self, channel_id: str, guild_id: str | None = None) -> None:
        """A moderator drags the bot into another voice channel: its voice state says the new
        channel (its session goes on, as on Discord when the voice server stays the same)."""
        guild_id = guild_id or self._world.guild_id
        grant = self._grants.get(guild_id)
        if grant is not None:
            self._grants[guild_id] = dataclasses.replace(grant, channel_id=channel_id)
        session = grant.session_id if grant is not None else None
        await self._set_state(guild_id, self._world.bot_user, channel_id, session_id=session)

    def grant(self, guild_id: str | None = None) -> Grant | None:
        """What the bot was handed to open its voice connection with, if it is in voice."""
        return self._grants.get(guild_id or self._world.guild_id)

    def members_in(self, channel_id: str) -> set[str]:
        return {uid for (_g, uid), s in self.states.items() if s["channel_id"] == channel_id}

    def bot_channel(self, guild_id: str | None = None) -> str | None:
        state = self.states.get((guild_id or self._world.guild_id, self._world.bot_user["id"]))
        return state["channel_id"] if state else None

    def session(self, guild_id: str | None = None) -> VoiceSession | None:
        return self.gateway.session_of(guild_id or self._world.guild_id)

    def heard(self, guild_id: str | None = None) -> Stream | None:
        """What the bot's current voice session has sent over UDP."""
        session = self.session(guild_id)
        return self.udp.streams.get(session.ssrc) if session else None

    # --- inside --------------------------------------------------------------------------

    async def _set_state(
        self,
        guild_id: str,
        user: dict[str, Any],
        channel_id: str | None,
        *,
        session_id: str | None = None,
        self_mute: bool = False,
        self_deaf: bool = False,
    ) -> None:
        state = {
            "guild_id": guild_id,
            "channel_id": channel_id,
            "user_id": user["id"],
            "member": p.member(user),
            "session_id": session_id or secrets.token_hex(16),
            "deaf": False,
            "mute": False,
            "self_deaf": self_deaf,
            "self_mute": self_mute,
            "self_video": False,
            "suppress": False,
            "request_to_speak_timestamp": None,
        }
        key = (guild_id, user["id"])
        if channel_id is None:
            self.states.pop(key, None)
        else:
            self.states[key] = state
        self._world.voice_states[guild_id] = [
            {k: v for k, v in s.items() if k != "guild_id"}
            for (g, _u), s in self.states.items()
            if g == guild_id
        ]
        await self._broadcast("VOICE_STATE_UPDATE", state)
        await self._changed()

    def _poke(self) -> None:
        """Wake the stand-in's waiters (from UDP callbacks, which cannot await)."""
        if not self._pokes:
            task = asyncio.ensure_future(self._changed())
            self._pokes.add(task)
            task.add_done_callback(self._pokes.discard)


def voice_channel(channel_id: str, guild_id: str, name: str, position: int) -> dict[str, Any]:
    """A voice channel, as Discord sends it: a text channel's fields and the voice ones."""
    channel = p.text_channel(channel_id, guild_id, name, position)
    del channel["topic"]
    return channel | {
        "type": 2,
        "bitrate": 64000,
        "user_limit": 0,
        "rtc_region": None,
        "video_quality_mode": 1,
    }
