"""``/usage``: your songs and what is left of your limits (moderators: anyone's)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.i18n import members_words
from bot.core.outcomes import Refusal
from bot.core.replies import reply_privately, server_actor_of
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
        roles = frozenset(role.id for role in getattr(target, "roles", []))
        figures = await self.bot.usage.member(server_actor_of(interaction), target.id, roles)
        if isinstance(figures, Refusal):
            await reply_privately(interaction, figures.message)
            return
        embed, chart = await member_usage_reply(
            target.display_name, figures, members_words(interaction)
        )
        await reply_privately(interaction, embeds=[embed], files=[chart])


async def setup(bot: SongBot) -> None:
    await bot.add_cog(UsageCog(bot))
