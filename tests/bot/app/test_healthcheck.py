"""The container's health check asks /healthz where the settings put it, and passes without it."""

from __future__ import annotations

import asyncio
import socket
import sys
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from bot.app.healthcheck import check, health_url

EVERYWHERE = "0.0.0.0"  # noqa: S104 - the value the image gives METRICS_HOST, never bound here


@pytest.fixture
async def healthz() -> AsyncIterator[tuple[int, list[int]]]:
    """A loopback /healthz answering the status at the head of the returned list."""
    status = [200]

    async def answer(_request: web.Request) -> web.Response:
        return web.json_response({"healthy": status[0] == 200}, status=status[0])

    app = web.Application()
    app.router.add_get("/healthz", answer)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield port, status
    finally:
        await runner.cleanup()


def test_the_url_follows_the_metrics_settings() -> None:
    assert health_url({"METRICS_PORT": "9200", "METRICS_HOST": EVERYWHERE}) == (
        "http://127.0.0.1:9200/healthz"
    )
    assert health_url({"METRICS_PORT": "9108"}) == "http://127.0.0.1:9108/healthz"
    assert health_url({"METRICS_PORT": "9108", "METRICS_HOST": "::"}) == (
        "http://127.0.0.1:9108/healthz"
    )
    assert health_url({"METRICS_PORT": "9108", "METRICS_HOST": "::1"}) == (
        "http://[::1]:9108/healthz"
    )
    assert health_url({"METRICS_PORT": ""}) is None
    assert health_url({}) is None


async def test_healthy_unhealthy_and_unreachable(healthz: tuple[int, list[int]]) -> None:
    port, status = healthz
    environ = {"METRICS_PORT": str(port), "METRICS_HOST": EVERYWHERE}
    assert (await asyncio.to_thread(check, environ))[0] is True
    status[0] = 503
    healthy, reason = await asyncio.to_thread(check, environ)
    assert not healthy
    assert "503" in reason
    with socket.socket() as unused:  # a port nobody listens on: bound, never listening
        unused.bind(("127.0.0.1", 0))
        closed = {"METRICS_PORT": str(unused.getsockname()[1])}
        healthy, reason = await asyncio.to_thread(check, closed)
    assert not healthy
    assert "refused" in reason.lower()


async def test_the_command_passes_without_a_metrics_port() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.app.healthcheck",
        env={"METRICS_PORT": "", "PATH": ""},
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await process.communicate()
    assert process.returncode == 0
    assert b"METRICS_PORT is not set" in out
