"""``/usage`` for everyone, and ``/songadmin`` for moderators (Manage Server)."""

from __future__ import annotations

import logging
import time
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.replies import reply_privately
from bot.features.usage.policy import daily_limit_for, day_bounds, valid_timezone
from bot.features.usage.render import guild_usage_embed, member_usage_embed, settings_embed

if TYPE_CHECKING:
    from bot.app.bot import SongBot

log = logging.getLogger(__name__)

LIMIT_OPTION = app_commands.Range[int, 0, 100_000]


def _limit(value: int | None) -> int | None:
    """0 in a command means "no limit"."""
    return value or None


class UsageCog(commands.Cog):
    def __init__(self, bot: SongBot) -> None:
        self.bot = bot

    @app_commands.command(name="usage", description="Your songs and what is left of your limits")
    @app_commands.guild_only()
    @app_commands.describe(member="Moderators: see another member's usage")
    async def usage(
        self, interaction: discord.Interaction, member: discord.Member | None = None
    ) -> None:
        guild = _guild(interaction)
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
        )  # fmt: skip
        await reply_privately(interaction, embeds=[embed])

    admin = app_commands.Group(
        name="songadmin",
        description="Song limits for this server (moderators)",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )

    @admin.command(name="show", description="Every song limit and setting on this server")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def show(self, interaction: discord.Interaction) -> None:
        guild_id = _guild_id(interaction)
        res = self.bot.resources
        embed = settings_embed(
            await res.moderation.policy(guild_id),
            await res.moderation.blocks(guild_id),
            await res.moderation.recent_changes(guild_id),
        )
        await reply_privately(interaction, embeds=[embed])

    @admin.command(name="limits", description="Set limits (0 removes a limit)")
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.describe(
        member_daily="Songs per member per day",
        cooldown_seconds="Seconds a member waits between songs",
        member_concurrent="Songs one member can have in progress at once",
        server_concurrent="Songs in progress at once on the whole server",
        server_daily="Songs per day on the whole server",
    )
    async def limits(  # noqa: PLR0917 - one parameter per option
        self,
        interaction: discord.Interaction,
        member_daily: LIMIT_OPTION | None = None,
        cooldown_seconds: LIMIT_OPTION | None = None,
        member_concurrent: LIMIT_OPTION | None = None,
        server_concurrent: LIMIT_OPTION | None = None,
        server_daily: LIMIT_OPTION | None = None,
    ) -> None:
        given = {
            "member_daily": member_daily,
            "cooldown_seconds": cooldown_seconds,
            "member_concurrent": member_concurrent,
            "guild_concurrent": server_concurrent,
            "guild_daily": server_daily,
        }
        changes = {key: _limit(value) for key, value in given.items() if value is not None}
        if not changes:
            await reply_privately(
                interaction, "Give at least one limit to change (0 removes a limit)."
            )
            return
        describe = ", ".join(
            f"{key} {'removed' if value is None else f'= {value}'}"
            for key, value in changes.items()
        )
        await self.bot.resources.moderation.set_limits(
            _guild_id(interaction), interaction.user.id, changes, describe
        )
        await self._changed(interaction, f"Limits updated: {describe}.")

    @admin.command(name="role", description="Give a role its own daily limit per member")
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.describe(
        role="The role", daily="Songs per member per day for this role (0: unlimited)",
        clear="Remove this role's own limit",
    )  # fmt: skip
    async def role(
        self,
        interaction: discord.Interaction,
        role: discord.Role,
        daily: LIMIT_OPTION | None = None,
        clear: bool = False,
    ) -> None:
        repo = self.bot.resources.moderation
        guild_id, by = _guild_id(interaction), interaction.user.id
        if clear:
            removed = await repo.clear_role_limit(guild_id, by, role.id, f"role {role.id} cleared")
            text = f"{role.mention} follows the server's limit again." if removed else (
                f"{role.mention} had no limit of its own."
            )  # fmt: skip
        else:
            limit = _limit(daily)
            shown = "unlimited" if limit is None else f"{limit} a day"
            await repo.set_role_limit(guild_id, by, role.id, limit, f"role {role.id}: {shown}")
            text = f"Members with {role.mention} can now make songs: {shown}."
        await self._changed(interaction, text)

    @admin.command(name="channel", description="Allow or disallow /song in a channel")
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.describe(allowed="True adds it to the allowed channels; with none, all are")
    async def channel(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel,
        allowed: bool,
    ) -> None:
        await self.bot.resources.moderation.set_channel(
            _guild_id(interaction), interaction.user.id, channel.id, allowed=allowed,
            describe=f"channel {channel.id} {'allowed' if allowed else 'removed'}",
        )  # fmt: skip
        verb = "is now allowed" if allowed else "is no longer on the allowed list"
        await self._changed(interaction, f"{channel.mention} {verb}.")

    @admin.command(name="block", description="Pause a member's song-making on this server")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def block(
        self, interaction: discord.Interaction, member: discord.Member, reason: str | None = None
    ) -> None:
        await self.bot.resources.moderation.block(
            _guild_id(interaction), interaction.user.id, member.id, reason,
            f"blocked {member.id}",
        )  # fmt: skip
        await self._changed(interaction, f"{member.mention} can no longer make songs here.")

    @admin.command(name="unblock", description="Let a paused member make songs again")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def unblock(self, interaction: discord.Interaction, member: discord.Member) -> None:
        done = await self.bot.resources.moderation.unblock(
            _guild_id(interaction), interaction.user.id, member.id, f"unblocked {member.id}"
        )
        text = f"{member.mention} can make songs again." if done else "They were not paused."
        await self._changed(interaction, text)

    @admin.command(name="timezone", description="Where this server's day starts, e.g. Europe/Paris")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def timezone(self, interaction: discord.Interaction, name: str) -> None:
        if not valid_timezone(name):
            await reply_privately(
                interaction, "I don't know that time zone; try one like `Europe/Paris`."
            )
            return
        await self.bot.resources.moderation.set_timezone(
            _guild_id(interaction), interaction.user.id, name
        )
        await self._changed(interaction, f"Days now start at midnight in {name}.")

    @admin.command(name="usage", description="This server's songs: totals, top members, per day")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def server_usage(self, interaction: discord.Interaction) -> None:
        guild = _guild(interaction)
        res = self.bot.resources
        policy = await res.moderation.policy(guild.id)
        now = time.time()
        day_start, _ = day_bounds(now, policy.timezone)
        offset = datetime.now(ZoneInfo(policy.timezone)).utcoffset()
        usage = await res.usage.guild(
            guild.id,
            day_start=day_start,
            utc_offset=offset.total_seconds() if offset else 0.0,
        )
        await reply_privately(interaction, embeds=[guild_usage_embed(guild.name, usage)])

    async def _changed(self, interaction: discord.Interaction, text: str) -> None:
        log.info("server %s: %s changed a setting: %s", interaction.guild_id,
                 interaction.user.id, text)  # fmt: skip
        await reply_privately(interaction, text)


def _guild(interaction: discord.Interaction) -> discord.Guild:
    if interaction.guild is None:  # pragma: no cover - guild_only commands
        raise app_commands.NoPrivateMessage
    return interaction.guild


def _guild_id(interaction: discord.Interaction) -> int:
    if interaction.guild_id is None:  # pragma: no cover - guild_only commands
        raise app_commands.NoPrivateMessage
    return interaction.guild_id


async def setup(bot: SongBot) -> None:
    await bot.add_cog(UsageCog(bot))
