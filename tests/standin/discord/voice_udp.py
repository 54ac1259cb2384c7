"""The voice stand-in's UDP side: IP discovery, then RTP packets decrypted with the negotiated
AEAD mode and kept, per SSRC, as the Opus frames they carry.

Discord's packet in the ``*_rtpsize`` modes: the RTP header (12 bytes, the CSRCs, and the
extension preamble when the X bit is set) in clear, used as the additional data; then the
ciphertext and its 16-byte tag; then a 4-byte nonce counter, zero-padded to the cipher's nonce
length (24 bytes for XChaCha20-Poly1305, 12 for AES-256-GCM). The decrypted payload begins
with the extension's body, if any, then the Opus frame.
"""

from __future__ import annotations

import asyncio
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import cast

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from nacl.bindings import crypto_aead_xchacha20poly1305_ietf_decrypt

XCHACHA = "aead_xchacha20_poly1305_rtpsize"
AES_GCM = "aead_aes256_gcm_rtpsize"
MODES = (AES_GCM, XCHACHA)  # Discord's order: AES-GCM preferred, XChaCha20 required of all
OPUS_PAYLOAD_TYPE = 0x78
DISCOVERY_LENGTH = 74
SILENCE = b"\xf8\xff\xfe"  # the Opus frame discord.py sends five of when it stops talking


@dataclass(frozen=True)
class Packet:
    sequence: int
    timestamp: int
    opus: bytes


@dataclass
class Stream:
    """What one sender (one SSRC) sent, in the order it arrived."""

    mode: str
    key: bytes
    packets: list[Packet] = field(default_factory=list)
    rejected: int = 0  # packets that failed to decrypt or were not RTP

    def frames(self) -> list[bytes]:
        """The Opus frames heard, discord.py's silence between and after songs left out."""
        return [p.opus for p in self.packets if p.opus != SILENCE]


def decrypt(mode: str, key: bytes, packet: bytes) -> tuple[bytes, bytes]:
    """The RTP header and the Opus payload of one packet (raises ValueError if it is not
    one of ours, or fails to authenticate)."""
    if len(packet) < 12 + 16 + 4 or packet[0] >> 6 != 2:
        raise ValueError("not an RTP packet")
    header_end = 12 + 4 * (packet[0] & 0x0F)
    extension = bool(packet[0] & 0x10)
    if extension:
        header_end += 4  # the preamble is clear; the extension's body is encrypted
    header, body, counter = packet[:header_end], packet[header_end:-4], packet[-4:]
    try:
        payload = _open(mode, key, header, body, counter)
    except Exception as exc:  # PyNaCl's CryptoError, cryptography's InvalidTag
        raise ValueError("the packet does not authenticate") from exc
    if extension:
        words = struct.unpack_from(">H", header, header_end - 2)[0]
        payload = payload[4 * words :]
    return header, payload


def _open(mode: str, key: bytes, header: bytes, body: bytes, counter: bytes) -> bytes:
    if mode == XCHACHA:
        return bytes(
            crypto_aead_xchacha20poly1305_ietf_decrypt(body, header, counter + bytes(20), key)
        )
    if mode == AES_GCM:
        return AESGCM(key).decrypt(counter + bytes(8), body, header)
    raise ValueError(f"unknown mode {mode}")


class VoiceUdp(asyncio.DatagramProtocol):
    """Answers IP discovery and records the audio of every SSRC it has a key for."""

    def __init__(self, changed: Callable[[], None]) -> None:
        self.streams: dict[int, Stream] = {}
        self.discovered: list[int] = []  # SSRCs that asked for their address
        self._changed = changed
        self._transport: asyncio.DatagramTransport | None = None

    def expect(self, ssrc: int, mode: str, key: bytes) -> None:
        """A voice session selected ``mode`` with ``key``: its packets can be read now."""
        stream = self.streams.get(ssrc)
        if stream is None or (stream.mode, stream.key) != (mode, key):
            self.streams[ssrc] = Stream(mode, key)

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # (CPython's selector transport does not subclass DatagramTransport, but is one)
        self._transport = cast("asyncio.DatagramTransport", transport)

    def datagram_received(self, data: bytes, addr: tuple[str | object, int]) -> None:
        if len(data) == DISCOVERY_LENGTH and data[:4] == struct.pack(">HH", 1, 70):
            self._discovery(data, addr)
        elif len(data) >= 12:
            self._rtp(data)
        self._changed()

    def _discovery(self, data: bytes, addr: tuple[str | object, int]) -> None:
        ssrc = struct.unpack_from(">I", data, 4)[0]
        answer = bytearray(DISCOVERY_LENGTH)
        struct.pack_into(">HHI", answer, 0, 2, 70, ssrc)
        address = str(addr[0]).encode()
        answer[8 : 8 + len(address)] = address
        struct.pack_into(">H", answer, DISCOVERY_LENGTH - 2, addr[1])
        self.discovered.append(ssrc)
        assert self._transport is not None
        self._transport.sendto(bytes(answer), addr)

    def _rtp(self, data: bytes) -> None:
        ssrc = struct.unpack_from(">I", data, 8)[0]
        stream = self.streams.get(ssrc)
        if stream is None or data[1] & 0x7F != OPUS_PAYLOAD_TYPE:
            return
        try:
            header, opus = decrypt(stream.mode, stream.key, data)
        except ValueError:
            stream.rejected += 1
            return
        sequence, timestamp = struct.unpack_from(">HI", header, 2)
        stream.packets.append(Packet(sequence, timestamp, opus))
