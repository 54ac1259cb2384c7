"""A plain discord.py client connected to the stand-in, trusting its voice server's TLS."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import TypeVar

import aiohttp
import discord

from bot.app.discord_urls import use_discord_urls
from tests.standin.discord.server import DiscordStandIn

C = TypeVar("C", bound=discord.Client)


@contextlib.asynccontextmanager
async def ready_client(standin: DiscordStandIn, client: C) -> AsyncIterator[C]:
    """``client`` logged in to the stand-in and ready, closed after the block."""
    use_discord_urls(standin.api_url, standin.gateway_url)
    task = asyncio.create_task(client.start(standin.token))
    try:
        await asyncio.wait_for(client.wait_until_ready(), 20)
        yield client
    finally:
        await client.close()
        await task


@contextlib.asynccontextmanager
async def voice_ready_client(standin: DiscordStandIn) -> AsyncIterator[discord.Client]:
    connector = aiohttp.TCPConnector(ssl=standin.voice.client_ssl())
    client = discord.Client(intents=discord.Intents.default(), connector=connector)
    async with ready_client(standin, client):
        yield client
