"""The Discord bot: a ``commands.Bot`` whose features are extensions in ``cogs/``."""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord.ext import commands

from bot.app.command_sync import sync_commands
from bot.app.invite import invite_url
from bot.app.resources import Resources
from bot.core.settings import Settings
from bot.features.songs.results.service import ResultActions
from bot.features.songs.service import SongConfig, SongService

log = logging.getLogger(__name__)

# Feature extensions, loaded in this order.
EXTENSIONS: tuple[str, ...] = (
    "cogs.errors", "cogs.song", "cogs.results", "cogs.history", "cogs.usage",
    "cogs.moderation",
)  # fmt: skip


class SongBot(commands.Bot):
    def __init__(
        self,
        settings: Settings,
        resources: Resources,
        *,
        force_sync: bool = False,
        **client_options: Any,
    ) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=discord.Intents.default(),
            allowed_mentions=discord.AllowedMentions.none(),  # nobody is ever pinged
            help_command=None,
            **client_options,
        )
        self.settings = settings
        self.resources = resources
        self.force_sync = force_sync
        self.songs = SongService(
            resources.soundverse,
            resources.media,
            resources.generations,
            SongConfig(
                edit_interval=settings.song_edit_interval,
                token_lifetime=settings.discord_interaction_lifetime,
                retry_delays=settings.soundverse_retry_delays,
            ),
            reserve=resources.reservations.reserve,
        )
        self.results = ResultActions(self.songs, resources.generations, resources.soundverse)

    async def setup_hook(self) -> None:
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        if not self.force_sync:  # a real run, not `songbot sync-commands`
            resumed = await self.songs.resume_unfinished(self.get_partial_messageable)
            if resumed:
                log.info("picking up %d unfinished songs", resumed)
        await sync_commands(
            self.tree,
            dev_guild_id=self.settings.discord_dev_guild_id,
            fingerprint_file=self.settings.database_path.parent / "command-tree.sha256",
            force=self.force_sync,
        )

    async def on_ready(self) -> None:
        log.info("connected as %s to %d servers", self.user, len(self.guilds))
        if self.application_id is not None:
            log.info("invite link: %s", invite_url(self.application_id))

    async def close(self) -> None:
        await self.songs.stop()
        await super().close()
