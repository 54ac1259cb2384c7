"""``/songadmin log``: the channel where the bot tells moderators what happens without their
asking (settings changes, blocks, budgets, Soundverse's pauses). A command of the moderators'
group, added to it from here when this extension loads, as ``/songadmin challenge`` is."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.features.moderation.replies import answer_log
from cogs import join_songadmin, leave_songadmin

if TYPE_CHECKING:
    from bot.app.bot import SongBot


class ModLogCog(commands.Cog):
    def __init__(self, bot: SongBot) -> None:
        self.bot = bot
        self._command = songadmin_log(bot)

    async def cog_load(self) -> None:
        join_songadmin(self.bot, self._command)

    async def cog_unload(self) -> None:
        leave_songadmin(self.bot, "log")


def songadmin_log(bot: SongBot) -> app_commands.Command[Any, Any, None]:
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.describe(
        channel="The channel for the moderators' log (with no option: where it is now)",
        off="True turns the moderators' log off",
    )
    async def log_channel(
        interaction: discord.Interaction,
        channel: discord.TextChannel | None = None,
        off: bool = False,
    ) -> None:
        await answer_log(interaction, bot.moderation, channel, off=off)
        bot.modlog.wake()  # a change is told at once

    return app_commands.Command(
        name="log",
        description="Where the bot tells moderators what happens (settings, blocks, pauses)",
        callback=log_channel,
    )


async def setup(bot: SongBot) -> None:
    await bot.add_cog(ModLogCog(bot))
