"""``/help``: what songbot does, every command and button, and this server's limits for you."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.i18n import members_words
from bot.core.replies import guild_of, reply_privately
from bot.features.help.render import YourLimits, help_embed
from bot.features.usage.policy import daily_limit_for, day_bounds

if TYPE_CHECKING:
    from bot.app.bot import SongBot


class HelpCog(commands.Cog):
    def __init__(self, bot: SongBot) -> None:
        self.bot = bot

    @app_commands.command(name="help", description="What songbot does, and your limits here")
    @app_commands.guild_only()
    async def help(self, interaction: discord.Interaction) -> None:
        guild = guild_of(interaction)
        res = self.bot.resources
        policy = await res.moderation.policy(guild.id)
        roles = frozenset(role.id for role in getattr(interaction.user, "roles", []))
        daily = daily_limit_for(policy, roles)
        day_start, _ = day_bounds(time.time(), policy.timezone)
        usage = await res.usage.member(
            guild.id, interaction.user.id, day_start=day_start, week_start=day_start
        )
        blocked = any(
            b.user_id == interaction.user.id for b in await res.moderation.blocks(guild.id)
        )
        limits = YourLimits(
            daily=daily, left_today=None if daily is None else max(0, daily - usage.today.songs),
            cooldown_seconds=policy.cooldown_seconds, concurrent=policy.member_concurrent,
            channels=policy.allowed_channels, blocked=blocked,
        )  # fmt: skip
        embed = help_embed(limits, self.bot.settings.help_url, members_words(interaction))
        await reply_privately(interaction, embeds=[embed])


async def setup(bot: SongBot) -> None:
    await bot.add_cog(HelpCog(bot))
