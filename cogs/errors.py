"""The one place where application-command errors become replies."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.replies import apologise, tell_privately

if TYPE_CHECKING:
    from bot.app.bot import SongBot


class ErrorHandler(commands.Cog):
    def __init__(self, bot: SongBot) -> None:
        self.bot = bot
        self._previous = bot.tree.on_error
        bot.tree.on_error = self.on_app_command_error  # type: ignore[method-assign]

    async def cog_unload(self) -> None:
        self.bot.tree.on_error = self._previous  # type: ignore[method-assign]

    async def on_app_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        if isinstance(error, app_commands.NoPrivateMessage):
            text = "Songs are made in servers: use this command in a server channel."
        elif isinstance(error, app_commands.MissingPermissions | app_commands.CheckFailure):
            text = "You don't have permission to use this command here."
        elif isinstance(error, app_commands.CommandOnCooldown):
            text = f"Slow down: try again in {error.retry_after:.0f} seconds."
        else:
            cause = error.original if isinstance(error, app_commands.CommandInvokeError) else error
            await apologise(interaction, cause, f"/{_name(interaction)}")
            return
        await tell_privately(interaction, text)


def _name(interaction: discord.Interaction) -> str:
    command = interaction.command
    return command.qualified_name if command is not None else "unknown"


async def setup(bot: SongBot) -> None:
    await bot.add_cog(ErrorHandler(bot))
