"""Start the bot with its shared resources, and stop both cleanly."""

from __future__ import annotations

from bot.resources import open_resources
from bot.settings import Settings
from bot.songbot import SongBot


async def run_bot(settings: Settings, *, token: str, api_key: str) -> None:
    async with open_resources(settings, api_key=api_key) as resources:
        bot = SongBot(settings, resources)
        async with bot:
            await bot.start(token)
