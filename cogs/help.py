"""``/help``: what songbot does, every command and button, and this server's limits for you."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.i18n import members_words
from bot.core.replies import reply_privately, who_and_where
from bot.features.help.render import help_embed
from bot.features.songs import buttons_help
from bot.features.usage.render import budget_lines

if TYPE_CHECKING:
    from bot.app.bot import SongBot


class HelpCog(commands.Cog):
    def __init__(self, bot: SongBot) -> None:
        self.bot = bot

    @app_commands.command(name="help", description="What songbot does, and your limits here")
    @app_commands.guild_only()
    async def help(self, interaction: discord.Interaction) -> None:
        limits = await self.bot.usage.allowance(*who_and_where(interaction))
        door = self.bot.gallery
        gallery = await door.url(interaction.guild_id or 0) if door else None
        words = members_words(interaction)
        embed = help_embed(
            limits,
            self.bot.settings.help_url,
            buttons_help(),
            words,
            gallery=gallery,
            budgets=budget_lines(limits.budgets, limits.estimate, words),
        )
        await reply_privately(interaction, embeds=[embed])


async def setup(bot: SongBot) -> None:
    await bot.add_cog(HelpCog(bot))
