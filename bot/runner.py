"""Start the bot with its shared resources, and stop both cleanly."""

from __future__ import annotations

from bot.discord_urls import use_discord_urls
from bot.resources import open_resources
from bot.settings import Settings
from bot.songbot import SongBot


async def run_bot(settings: Settings, *, token: str, api_key: str) -> None:
    use_discord_urls(settings.discord_api_url, settings.discord_gateway_url)
    async with open_resources(settings, api_key=api_key) as resources:
        bot = SongBot(settings, resources)
        async with bot:
            await bot.start(token)


async def sync_only(settings: Settings, *, token: str, api_key: str) -> None:
    """Log in, sync the slash commands (forced), and log out: ``songbot sync-commands``."""
    use_discord_urls(settings.discord_api_url, settings.discord_gateway_url)
    async with open_resources(settings, api_key=api_key) as resources:
        bot = SongBot(settings, resources, force_sync=True)
        async with bot:
            await bot.login(token)  # runs setup_hook, which syncs
