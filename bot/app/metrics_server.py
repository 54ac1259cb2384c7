"""The optional operator endpoint (``METRICS_PORT``): Prometheus metrics at ``/metrics`` and a
health check at ``/healthz`` (the gateway is connected and the database takes a write)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from bot.app.bot import SongBot

log = logging.getLogger(__name__)

HEALTH_TIMEOUT = 2.0  # seconds for the database check; a stuck database is unhealthy


async def _metrics(request: web.Request) -> web.Response:
    bot = request.app[BOT]
    body = generate_latest(bot.resources.metrics.registry)
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})


async def _health(request: web.Request) -> web.Response:
    bot = request.app[BOT]
    gateway = bot.is_ready() and not bot.is_closed()
    try:
        async with asyncio.timeout(HEALTH_TIMEOUT):
            await bot.resources.database.healthy()  # a write transaction could start
        database = True
    except Exception:
        log.warning("health check: the database did not take a write", exc_info=True)
        database = False
    healthy = gateway and database
    return web.json_response(
        {"healthy": healthy, "gateway": gateway, "database": database},
        status=200 if healthy else 503,
    )


BOT = web.AppKey("bot", SongBot)


@asynccontextmanager
async def metrics_server(bot: SongBot, host: str, port: int) -> AsyncIterator[web.AppRunner]:
    """Serve ``/metrics`` and ``/healthz`` while the block runs; the runner tells the port."""
    app = web.Application()
    app[BOT] = bot
    app.router.add_get("/metrics", _metrics)
    app.router.add_get("/healthz", _health)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
        log.info("metrics and health on http://%s:%s/metrics and /healthz", host, port)
        yield runner
    finally:
        await runner.cleanup()
