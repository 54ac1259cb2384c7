"""The voice stand-in's protocol, driven by hand: the handshake, heartbeats with seq_ack,
resume, UDP discovery and decryption, and Discord's close codes."""

from __future__ import annotations

import asyncio
import socket
import struct
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from tests.standin.discord.server import DiscordStandIn
from tests.standin.discord.voice_gateway import Grant
from tests.standin.discord.voice_udp import AES_GCM, XCHACHA

Socket = aiohttp.ClientWebSocketResponse


@pytest.fixture
async def grant(standin: DiscordStandIn) -> Grant:
    """The bot asked the main gateway to join a voice channel (op 4)."""
    ask = {"guild_id": standin.guild_id, "channel_id": standin.voice.channel_ids[0]}
    await standin.voice.voice_state_update(None, ask)  # type: ignore[arg-type]
    granted = standin.voice.grant()
    assert granted is not None
    return granted


@pytest.fixture
async def http(standin: DiscordStandIn) -> AsyncIterator[aiohttp.ClientSession]:
    connector = aiohttp.TCPConnector(ssl=standin.voice.client_ssl())
    async with aiohttp.ClientSession(connector=connector) as session:
        yield session


def identify(grant: Grant, **changes: Any) -> dict[str, Any]:
    data = {
        "server_id": grant.guild_id,
        "user_id": grant.user_id,
        "token": grant.token,
        "session_id": grant.session_id,
        "max_dave_protocol_version": 1,
    }
    return {"op": 0, "d": data | changes}


def select(mode: str = AES_GCM, protocol: str = "udp") -> dict[str, Any]:
    data = {"address": "127.0.0.1", "port": 1, "mode": mode}
    return {"op": 1, "d": {"protocol": protocol, "data": data}}


async def receive(ws: Socket) -> dict[str, Any]:
    message: dict[str, Any] = await asyncio.wait_for(ws.receive_json(), 10)
    return message


async def open_voice(http: aiohttp.ClientSession, standin: DiscordStandIn) -> Socket:
    ws = await http.ws_connect(f"wss://{standin.voice.endpoint}/?v=8")
    hello = await receive(ws)
    assert hello["op"] == 8
    assert hello["d"]["heartbeat_interval"] > 0
    return ws


async def test_the_handshake_gives_an_address_then_a_key(
    standin: DiscordStandIn, grant: Grant, http: aiohttp.ClientSession
) -> None:
    ws = await open_voice(http, standin)
    await ws.send_json(identify(grant))
    ready = await receive(ws)
    assert ready["op"] == 2
    assert ready["seq"] == 1
    assert set(ready["d"]["modes"]) == {AES_GCM, XCHACHA}
    await ws.send_json({"op": 3, "d": {"t": 1234, "seq_ack": 1}})
    assert await receive(ws) == {"op": 6, "d": {"t": 1234}}
    await ws.send_json(select(AES_GCM))
    description = await receive(ws)
    assert description["op"] == 4
    assert description["seq"] == 2
    assert description["d"]["mode"] == AES_GCM
    assert description["d"]["dave_protocol_version"] == 0
    key = bytes(description["d"]["secret_key"])
    assert len(key) == 32
    await ws.send_json({"op": 5, "d": {"speaking": 1, "delay": 0, "ssrc": ready["d"]["ssrc"]}})
    await standin.wait_for(lambda: (s := standin.voice.session()) and s.speaking == 1)
    session = standin.voice.session()
    assert session is not None
    assert (session.heartbeats, session.seq_ack) == (1, 1)

    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.setblocking(False)
    loop = asyncio.get_running_loop()
    ssrc = ready["d"]["ssrc"]
    try:
        await loop.sock_connect(udp, (ready["d"]["ip"], ready["d"]["port"]))
        await loop.sock_sendall(udp, struct.pack(">HHI", 1, 70, ssrc) + bytes(66))
        answer = await asyncio.wait_for(loop.sock_recv(udp, 100), 10)
        assert struct.unpack_from(">HHI", answer) == (2, 70, ssrc)
        assert answer[8:17] == b"127.0.0.1"
        assert struct.unpack_from(">H", answer, 72)[0] == udp.getsockname()[1]
        header = struct.pack(">BBHII", 0x80, 0x78, 7, 960, ssrc)
        sealed = AESGCM(key).encrypt(struct.pack(">I", 5) + bytes(8), b"opus!", header)
        await loop.sock_sendall(udp, header + sealed + struct.pack(">I", 5))
        await loop.sock_sendall(udp, header + sealed[:-1] + b"\x00" + struct.pack(">I", 5))
        await standin.wait_for(lambda: (h := standin.voice.heard()) and h.rejected == 1)
    finally:
        udp.close()
    heard = standin.voice.heard()
    assert heard is not None
    assert heard.frames() == [b"opus!"]
    assert heard.packets[0].sequence == 7
    await ws.close()


async def test_a_resume_delivers_what_was_not_acknowledged(
    standin: DiscordStandIn, grant: Grant, http: aiohttp.ClientSession
) -> None:
    ws = await open_voice(http, standin)
    await ws.send_json(identify(grant))
    await receive(ws)  # ready, seq 1
    await ws.send_json(select(XCHACHA))
    await receive(ws)  # the session description, seq 2, lost with the connection
    await ws.close()
    again = await open_voice(http, standin)
    resume = {
        "token": grant.token,
        "server_id": grant.guild_id,
        "session_id": grant.session_id,
        "seq_ack": 1,
    }
    await again.send_json({"op": 7, "d": resume})
    assert (await receive(again))["op"] == 9
    redelivered = await receive(again)
    assert (redelivered["op"], redelivered["seq"]) == (4, 2)
    assert standin.voice.gateway.resumes == 1
    await again.close()


CLOSES = [
    ("heartbeat before identify", [{"op": 3, "d": {"t": 1, "seq_ack": -1}}], 4003),
    ("wrong token", [{"token": "nope"}], 4004),
    ("identify twice", [{}, {}], 4005),
    ("unknown session", [{"session_id": "nope"}], 4006),
    ("unknown server", [{"server_id": "1"}], 4011),
    ("no DAVE", [{"max_dave_protocol_version": 0}], 4017),
    ("unknown protocol", [{}, select(protocol="webrtc")], 4012),
    ("retired mode", [{}, select("xsalsa20_poly1305")], 4016),
    ("heartbeat without seq_ack", [{}, {"op": 3, "d": {"t": 1}}], 4020),
    ("unknown opcode", [{}, {"op": 99, "d": {}}], 4001),
]


@pytest.mark.parametrize("case", CLOSES, ids=[case[0] for case in CLOSES])
async def test_what_goes_wrong_closes_with_discords_code(
    standin: DiscordStandIn,
    grant: Grant,
    http: aiohttp.ClientSession,
    case: tuple[str, list[dict[str, Any]], int],
) -> None:
    _what, frames, code = case
    ws = await open_voice(http, standin)
    for frame in frames:
        await ws.send_json(frame if "op" in frame else identify(grant, **frame))
    while (await asyncio.wait_for(ws.receive(), 10)).type is aiohttp.WSMsgType.TEXT:
        pass  # the ready and the like, before the close
    assert ws.close_code == code
