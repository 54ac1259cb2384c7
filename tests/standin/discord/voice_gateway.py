"""The voice stand-in's websocket: Discord's voice gateway, version 8, as discord.py 2.7 speaks
it (``gateway.py``'s ``DiscordVoiceWebSocket`` and ``voice_state.py``).

Hello; identify (checked against what VOICE_SERVER_UPDATE granted) answered with ready (the
SSRC, the UDP address and port, the encryption modes); select protocol answered with the
session description (the mode and a fresh 32-byte key); speaking; heartbeats carrying
``seq_ack``, acknowledged with their nonce; resume, which re-delivers the numbered messages the
client had not acknowledged; and Discord's close codes for what goes wrong.

The session description says ``dave_protocol_version`` 0: real Discord runs DAVE (end-to-end
encryption, MLS) here since March 2026, and refuses clients that cannot (close code 4017), which
discord.py handles through ``davey``. The stand-in checks that the client could (it offers a
``max_dave_protocol_version`` of at least 1) but does not run the MLS exchange itself, so the
audio it receives is encrypted by the transport's AEAD mode alone.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tests.standin.discord.voice_udp import MODES, VoiceUdp

HEARTBEAT_INTERVAL_MS = 13_750  # what Discord's voice servers say
KEPT_FOR_RESUME = 64  # numbered messages kept to re-deliver on resume

# Discord's voice close codes (the ones the stand-in uses)
UNKNOWN_OPCODE = 4001
NOT_AUTHENTICATED = 4003
AUTHENTICATION_FAILED = 4004
ALREADY_AUTHENTICATED = 4005
SESSION_NO_LONGER_VALID = 4006
SERVER_NOT_FOUND = 4011
UNKNOWN_PROTOCOL = 4012
DISCONNECTED = 4014
VOICE_SERVER_CRASHED = 4015
UNKNOWN_ENCRYPTION_MODE = 4016
E2EE_REQUIRED = 4017
BAD_REQUEST = 4020


@dataclass(frozen=True)
class Grant:
    """What the main gateway's VOICE_STATE_UPDATE and VOICE_SERVER_UPDATE handed out."""

    guild_id: str
    channel_id: str
    user_id: str
    session_id: str
    token: str


@dataclass
class VoiceSession:
    grant: Grant
    ssrc: int
    ws: web.WebSocketResponse | None
    mode: str | None = None
    key: bytes | None = None
    seq: int = 0
    sent: list[dict[str, Any]] = field(default_factory=list)
    seq_ack: int = -1
    heartbeats: int = 0
    speaking: int = 0


class VoiceGateway:
    def __init__(
        self,
        grant_of: Callable[[str], Grant | None],
        udp: VoiceUdp,
        udp_port: Callable[[], int],
        changed: Callable[[], None],
    ) -> None:
        self._grant_of = grant_of  # by guild id
        self._udp = udp
        self._udp_port = udp_port
        self._changed = changed
        self.sessions: dict[str, VoiceSession] = {}  # by session id
        self.closes: list[int] = []  # the close codes the stand-in sent, in order
        self.resumes = 0

    def session_of(self, guild_id: str) -> VoiceSession | None:
        live = [s for s in self.sessions.values() if s.grant.guild_id == guild_id and s.ws]
        return live[-1] if live else None

    async def close(self, session: VoiceSession, code: int) -> None:
        """Close the session's websocket with ``code`` (4014: disconnected, 4015: crashed)."""
        if session.ws is not None:
            ws, session.ws = session.ws, None
            self.closes.append(code)
            await ws.close(code=code)

    async def close_all(self) -> None:
        for session in list(self.sessions.values()):
            await self.close(session, 1000)

    async def serve(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        if request.query.get("v") != "8":
            return await self._refuse(ws, BAD_REQUEST, "voice gateway v8 only")
        await ws.send_json({"op": 8, "d": {"heartbeat_interval": HEARTBEAT_INTERVAL_MS}})
        session: VoiceSession | None = None
        async for message in ws:
            if message.type is not WSMsgType.TEXT:  # binary frames are DAVE's MLS messages
                return await self._refuse(ws, UNKNOWN_OPCODE, "no DAVE session here")
            frame = json.loads(message.data)
            op, data = frame.get("op"), frame.get("d")
            if not isinstance(data, dict):
                return await self._refuse(ws, BAD_REQUEST, "d must be an object")
            if op in (0, 7):
                if session is not None:
                    return await self._refuse(ws, ALREADY_AUTHENTICATED, "already identified")
                session = await (self._identify(ws, data) if op == 0 else self._resume(ws, data))
                if session is None:
                    return ws
            elif session is None:
                return await self._refuse(ws, NOT_AUTHENTICATED, "identify first")
            elif not await self._answer(ws, session, op, data):
                return ws
            self._changed()
        if session is not None and session.ws is ws:
            session.ws = None
        self._changed()
        return ws

    async def _answer(
        self, ws: web.WebSocketResponse, session: VoiceSession, op: object, data: dict[str, Any]
    ) -> bool:
        """Answer an identified client's message; False when that closed the connection."""
        if op == 3:
            if not isinstance(data.get("t"), int) or not isinstance(data.get("seq_ack"), int):
                await self._refuse(ws, BAD_REQUEST, "a heartbeat has t and seq_ack")
                return False
            session.heartbeats += 1
            session.seq_ack = data["seq_ack"]
            await ws.send_json({"op": 6, "d": {"t": data["t"]}})
            return True
        if op == 1:
            return await self._select(session, data)
        if op == 5:
            session.speaking = int(data.get("speaking") or 0)
            return True
        await self._refuse(ws, UNKNOWN_OPCODE, f"unknown opcode {op}")
        return False

    async def _refuse(
        self, ws: web.WebSocketResponse, code: int, reason: str
    ) -> web.WebSocketResponse:
        self.closes.append(code)
        await ws.close(code=code, message=reason.encode())
        self._changed()
        return ws

    async def _identify(
        self, ws: web.WebSocketResponse, data: dict[str, Any]
    ) -> VoiceSession | None:
        grant = self._grant_of(str(data.get("server_id")))
        if grant is None:
            await self._refuse(ws, SERVER_NOT_FOUND, "no voice server for that guild")
            return None
        if data.get("token") != grant.token or data.get("user_id") != grant.user_id:
            await self._refuse(ws, AUTHENTICATION_FAILED, "wrong token")
            return None
        if data.get("session_id") != grant.session_id:
            await self._refuse(ws, SESSION_NO_LONGER_VALID, "unknown session")
            return None
        if int(data.get("max_dave_protocol_version") or 0) < 1:
            await self._refuse(ws, E2EE_REQUIRED, "DAVE is required")
            return None
        session = VoiceSession(grant, secrets.randbelow(2**31) + 1, ws)
        self.sessions[grant.session_id] = session
        ready = {
            "ssrc": session.ssrc,
            "ip": "127.0.0.1",
            "port": self._udp_port(),
            "modes": list(MODES),
            "heartbeat_interval": HEARTBEAT_INTERVAL_MS,
        }
        await self._send(session, 2, ready)
        return session

    async def _resume(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> VoiceSession | None:
        session = self.sessions.get(str(data.get("session_id")))
        if session is None or data.get("server_id") != session.grant.guild_id:
            await self._refuse(ws, SESSION_NO_LONGER_VALID, "cannot resume")
            return None
        if data.get("token") != session.grant.token:
            await self._refuse(ws, AUTHENTICATION_FAILED, "wrong token")
            return None
        self.resumes += 1
        session.ws = ws
        seq_ack = data.get("seq_ack")
        missed = [m for m in session.sent if isinstance(seq_ack, int) and m["seq"] > seq_ack]
        await ws.send_json({"op": 9, "d": None})
        for message in missed:
            await ws.send_json(message)
        return session

    async def _select(self, session: VoiceSession, data: dict[str, Any]) -> bool:
        assert session.ws is not None
        chosen = data.get("data") or {}
        if data.get("protocol") != "udp":
            await self._refuse(session.ws, UNKNOWN_PROTOCOL, "udp only")
            return False
        if chosen.get("mode") not in MODES:
            await self._refuse(session.ws, UNKNOWN_ENCRYPTION_MODE, "unknown encryption mode")
            return False
        session.mode, session.key = chosen["mode"], secrets.token_bytes(32)
        self._udp.expect(session.ssrc, session.mode, session.key)
        description = {
            "mode": session.mode,
            "secret_key": list(session.key),
            "dave_protocol_version": 0,
            "audio_codec": "opus",
        }
        await self._send(session, 4, description)
        return True

    async def _send(self, session: VoiceSession, op: int, data: dict[str, Any]) -> None:
        """A numbered message (v8), kept to re-deliver if the client resumes without it."""
        session.seq += 1
        message = {"op": op, "d": data, "seq": session.seq}
        session.sent = [*session.sent[-KEPT_FOR_RESUME + 1 :], message]
        if session.ws is not None and not session.ws.closed:
            await session.ws.send_json(message)
