"""A network failure in words a person reads: "the connection was refused", not
``ClientConnectorError(... ssl:default [Connect call failed ...])``. The exception itself
goes to the log."""

from __future__ import annotations

import errno
import socket
import ssl

import aiohttp


def network_words(exc: BaseException) -> str:
    """What went wrong on the way to a server, in a few plain words."""
    chain = _chain(exc)
    for cause in chain:  # the most telling kind first, wherever it is in the chain
        words = _words(cause)
        if words is not None:
            return words
    for cause in reversed(chain):  # else the system's own words for the deepest cause
        if isinstance(cause, OSError) and cause.strerror:
            return cause.strerror[0].lower() + cause.strerror[1:]
    return "a network error"


def _words(exc: BaseException) -> str | None:
    if isinstance(exc, aiohttp.ClientConnectorCertificateError | ssl.SSLError):
        return "its TLS certificate was not accepted"
    if isinstance(exc, socket.gaierror) or type(exc).__name__ == "ClientConnectorDNSError":
        return "its host name could not be found"
    if isinstance(exc, ConnectionRefusedError) or getattr(exc, "errno", None) == errno.ECONNREFUSED:
        return "the connection was refused (is it running, and is the address right?)"
    if isinstance(exc, aiohttp.ServerDisconnectedError | ConnectionResetError):
        return "the server closed the connection"
    if isinstance(exc, aiohttp.ClientPayloadError):
        return "the answer was cut off"
    if isinstance(exc, TimeoutError):
        return "it did not answer in time"
    return None


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        os_error = getattr(current, "os_error", None)  # aiohttp keeps the cause here
        current = (
            os_error
            if isinstance(os_error, BaseException)
            else (current.__cause__ or current.__context__)
        )
    return seen
