"""The Discord bot: a ``commands.Bot`` whose features are extensions in ``cogs/``."""

from __future__ import annotations

import logging

import discord
from discord.ext import commands

from bot.resources import Resources
from bot.settings import Settings

log = logging.getLogger(__name__)

# Feature extensions, loaded in this order.
EXTENSIONS: tuple[str, ...] = ()


class SongBot(commands.Bot):
    def __init__(self, settings: Settings, resources: Resources) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=discord.Intents.default(),
            allowed_mentions=discord.AllowedMentions.none(),  # nobody is ever pinged
            help_command=None,
        )
        self.settings = settings
        self.resources = resources

    async def setup_hook(self) -> None:
        for extension in EXTENSIONS:
            await self.load_extension(extension)

    async def on_ready(self) -> None:
        log.info("connected as %s to %d servers", self.user, len(self.guilds))
