"""``/usage``: your songs and what is left of your limits (moderators: anyone's)."""

from __future__ import annotations

import logging
import time
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.i18n import members_words
from bot.core.replies import guild_of, reply_privately
from bot.features.usage.charts import chart_on
from bot.features.usage.policy import daily_limit_for, day_bounds
from bot.features.usage.render import member_usage_embed

if TYPE_CHECKING:
    from bot.app.bot import SongBot

log = logging.getLogger(__name__)


class UsageCog(commands.Cog):
    def __init__(self, bot: SongBot) -> None:
        self.bot = bot

    @app_commands.command(name="usage", description="Your songs and what is left of your limits")
    @app_commands.guild_only()
    @app_commands.describe(member="Moderators: see another member's usage")
    async def usage(
        self, interaction: discord.Interaction, member: discord.Member | None = None
    ) -> None:
        guild = guild_of(interaction)
        target = member or interaction.user
        if target.id != interaction.user.id and not interaction.permissions.manage_guild:
            await reply_privately(
                interaction, "Only moderators (Manage Server) can see others' usage."
            )
            return
        res = self.bot.resources
        now = time.time()
        policy = await res.moderation.policy(guild.id)
        day_start, day_end = day_bounds(now, policy.timezone)
        week_start = day_start - 6 * 86400
        usage = await res.usage.member(
            guild.id, target.id, day_start=day_start, week_start=week_start
        )
        roles = frozenset(role.id for role in getattr(target, "roles", []))
        embed = member_usage_embed(
            target.display_name, usage, policy,
            daily_limit=daily_limit_for(policy, roles), day_end=day_end, now=now,
            w=members_words(interaction),
        )  # fmt: skip
        zone = ZoneInfo(policy.timezone)
        offset = datetime.now(zone).utcoffset()
        per_day = await res.usage.member_days(
            guild.id, target.id, since=day_start - 13 * 86400,
            utc_offset=offset.total_seconds() if offset else 0.0,
        )  # fmt: skip
        today = datetime.fromtimestamp(day_start, zone).date()
        chart = await chart_on(embed, per_day, last=today, days=14, title="Songs per day, 14 days")
        await reply_privately(interaction, embeds=[embed], files=[chart])


async def setup(bot: SongBot) -> None:
    await bot.add_cog(UsageCog(bot))
