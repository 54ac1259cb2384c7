"""Which addresses may serve the API's files, and a guard that holds to it at connect time.

An answer from the API (or from anything between us and it) can name any URL as a song's
audio or cover. The bot downloads those files and posts them publicly, so a URL pointing
inside the bot's network (a cloud metadata address, a loopback admin port, a private host)
would publish what lives there. Files are therefore fetched only from the API's own origin and
from the hosts of an allow-list, and never from a non-public address unless it is the
configured API origin itself (the simulator runs on loopback). The address check runs in the
resolver, on the addresses actually connected to, so a public name that resolves to a private
address is refused too; redirects are followed by hand and checked again.

Written here rather than taken from a library: the SSRF guards on PyPI wrap other HTTP
clients (requests, httpx); for aiohttp the resolver hook below is the whole guard.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

from bot.core.settings import DEFAULT_MEDIA_HOSTS
from bot.core.urls import url_problem


class MediaRefusedError(OSError):
    """A media address the policy does not allow (raised inside the connector)."""


@dataclass(frozen=True, slots=True)
class Origin:
    scheme: str
    host: str
    port: int

    @classmethod
    def of(cls, url: str) -> Origin:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        port = parts.port or (443 if scheme == "https" else 80)
        return cls(scheme, (parts.hostname or "").lower().rstrip("."), port)


@dataclass(frozen=True, slots=True)
class MediaPolicy:
    """The API's origin (trusted whatever its address) and the hosts allowed besides it.

    A host written ``*.example.com`` allows every subdomain of example.com.
    """

    api: Origin
    hosts: frozenset[str] = frozenset(DEFAULT_MEDIA_HOSTS)

    @classmethod
    def for_api(cls, api_url: str, hosts: tuple[str, ...] = DEFAULT_MEDIA_HOSTS) -> MediaPolicy:
        return cls(Origin.of(api_url), frozenset(h.lower().rstrip(".") for h in hosts if h))

    def refusal(self, url: str) -> str | None:
        """Why ``url`` may not be fetched, before connecting; None when it may."""
        if url_problem(url):
            return "it is not a plain web address"
        origin = Origin.of(url)
        if origin == self.api:
            return None
        if not self._host_allowed(origin.host):
            return "it is not on a host Soundverse serves files from"
        if _is_ip(origin.host) and not public_address(origin.host):
            return "it points inside the bot's own network"
        return None

    def address_allowed(self, host: str, port: int, address: str) -> bool:
        """Whether connecting to ``address`` for ``host:port`` is allowed."""
        host = host.lower().rstrip(".")
        if (host, port) == (self.api.host, self.api.port):
            return True
        return public_address(address)

    def _host_allowed(self, host: str) -> bool:
        if host in self.hosts:
            return True
        return any(
            pattern.startswith("*.") and host.endswith(pattern[1:]) for pattern in self.hosts
        )


def public_address(address: str) -> bool:
    """Whether ``address`` is on the public internet: not loopback, private, link-local,
    shared, reserved or multicast (an IPv4 address inside IPv6 is judged as IPv4)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is not None:
            ip = embedded
    return ip.is_global and not ip.is_multicast


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class GuardedResolver(AbstractResolver):
    """Resolves as usual, then keeps only the addresses the policy allows for the host."""

    def __init__(self, policy: MediaPolicy, inner: AbstractResolver | None = None) -> None:
        self._policy = policy
        self._inner = inner or DefaultResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self._inner.resolve(host, port, family)
        allowed = [r for r in results if self._policy.address_allowed(host, port, r["host"])]
        if not allowed:
            raise MediaRefusedError(f"{host} resolves only to addresses inside the bot's network")
        return allowed

    async def close(self) -> None:
        await self._inner.close()
