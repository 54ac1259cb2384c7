"""Serving the gallery: ``songbot web`` alone, or beside the bot in ``songbot run`` when
``WEB_PORT`` is set. Either way it opens its own connection to the same database."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
from aiohttp import web

from bot.core.errors import Unreachable
from bot.core.settings import Settings
from bot.features.gallery import Gallery
from bot.store import open_database
from bot.store.gallery import GalleryRepository
from bot.web.app import build_app
from bot.web.config import WebConfig
from bot.web.dashboard_data import Desk, LiveQueue
from bot.web.discord_login import DiscordLogin, LoginFailedError
from bot.web.moderators import ModeratorCheck

log = logging.getLogger(__name__)


@asynccontextmanager
async def web_gallery(
    settings: Settings, host: str, port: int, queue: LiveQueue | None = None
) -> AsyncIterator[web.AppRunner]:
    """The gallery and the moderators' dashboard, listening on ``host:port`` while the block
    runs; ``queue``: the bot's, once a bot runs in this process too."""
    config = WebConfig.of(settings)
    database = await open_database(settings.database_url)
    try:
        async with aiohttp.ClientSession() as http:
            login = DiscordLogin(config, http)
            try:
                await login.start()
            except LoginFailedError as exc:
                raise Unreachable(f"the gallery could not ask Discord for its id: {exc}") from None
            gallery = Gallery(GalleryRepository(database), config.media)
            check = ModeratorCheck(http, config.api_url, config.bot_token)
            app = build_app(
                config, gallery, login, database, moderators=(Desk.of(database, queue), check)
            )
            runner = web.AppRunner(app, access_log=None)
            await runner.setup()
            try:
                await web.TCPSite(runner, host, port).start()
                log.info("the web gallery listens on http://%s:%s/ (%s)", host, port,
                         config.public_url)  # fmt: skip
                yield runner
            finally:
                await runner.cleanup()
    finally:
        await database.close()


async def serve_forever(settings: Settings, host: str, port: int) -> None:
    async with web_gallery(settings, host, port):
        await asyncio.Event().wait()
