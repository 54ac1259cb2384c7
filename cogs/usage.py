"""``/usage``: your songs and what is left of your limits (moderators: anyone's)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.acting import Refusal
from bot.core.i18n import members_words
from bot.core.replies import member_of, reply_privately_in_time, who_and_where
from bot.features.usage.render import member_usage_reply

if TYPE_CHECKING:
    from bot.app.bot import SongBot


class UsageCog(commands.Cog):
    def __init__(self, bot: SongBot) -> None:
        self.bot = bot

    @app_commands.command(name="usage", description="Your songs and what is left of your limits")
    @app_commands.guild_only()
    @app_commands.describe(member="Moderators: see another member's usage")
    async def usage(
        self, interaction: discord.Interaction, member: discord.Member | None = None
    ) -> None:
        target = member or interaction.user
        await reply_privately_in_time(interaction, self._answer(interaction, target))

    async def _answer(
        self, interaction: discord.Interaction, target: discord.Member | discord.User
    ) -> Refusal | tuple[discord.Embed, discord.File]:
        """``target``'s figures drawn (in time: see :func:`in_time`), or why not."""
        figures = await self.bot.usage.member(*who_and_where(interaction), member_of(target))
        if isinstance(figures, Refusal):
            return figures
        return await member_usage_reply(target.display_name, figures, members_words(interaction))


async def setup(bot: SongBot) -> None:
    await bot.add_cog(UsageCog(bot))
