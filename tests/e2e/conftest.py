"""The real bot, connected to the Discord stand-in and the Soundverse simulator."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web

from bot.mock_api import RunningSimulator
from tests.e2e.helpers import Harness, bot_settings, check_clean_run, start_bot, stop_bot
from tests.standin.discord.server import DiscordStandIn


@pytest.fixture
def discord_standin(standin: DiscordStandIn) -> DiscordStandIn:
    """The stand-in (the suite's ``standin``), by the name the end-to-end tests give it."""
    return standin


@pytest.fixture
async def harness(
    discord_standin: DiscordStandIn,
    simulator: RunningSimulator,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> AsyncIterator[Harness]:
    settings = bot_settings(discord_standin, simulator, tmp_path)
    bot, task, resources = await start_bot(settings, discord_standin)
    yield Harness(bot, discord_standin, simulator)
    await stop_bot(bot, task, resources)
    check_clean_run(discord_standin, caplog)


@pytest.fixture
async def inside() -> AsyncIterator[tuple[str, list[str]]]:
    """A server inside the bot's network (an "admin port" on loopback): what it serves must
    never be fetched, let alone posted."""
    hits: list[str] = []

    async def handler(request: web.Request) -> web.Response:
        hits.append(request.path)
        return web.Response(body=b"\x89PNG\r\n\x1a\n internal secrets")

    app = web.Application()
    app.router.add_get("/{tail:.*}", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    yield f"http://127.0.0.1:{runner.addresses[0][1]}", hits
    await runner.cleanup()
