"""Network failures in plain words."""

from __future__ import annotations

import errno
import socket

import aiohttp
import pytest

from bot.core.network import network_words


def failed(os_error: OSError) -> aiohttp.ClientConnectorError:
    key = aiohttp.client_reqrep.ConnectionKey("h", 1, False, True, None, None, None)
    return aiohttp.ClientConnectorError(key, os_error)


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (failed(OSError(errno.ECONNREFUSED, "Connect call failed")), "the connection was refused"),
        (failed(socket.gaierror(-2, "Name or service not known")), "its host name"),
        (TimeoutError(), "it did not answer in time"),
        (aiohttp.ServerDisconnectedError(), "the server closed the connection"),
        (aiohttp.ClientPayloadError("Response payload is not completed"), "the answer was cut"),
        (failed(OSError(errno.ENETUNREACH, "Network is unreachable")), "network is unr"),
        (RuntimeError("???"), "a network error"),
    ],
)
def test_words(error: BaseException, words: str) -> None:
    assert network_words(error).startswith(words)
