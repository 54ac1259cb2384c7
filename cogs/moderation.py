"""``/songadmin`` for moderators (Manage Server): limits, role limits, channels, blocks and the
server's usage (its budgets and calendar are in :mod:`cogs.budgets`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.acting import Refusal
from bot.core.i18n import members_words
from bot.core.replies import (
    guild_id_of,
    guild_of,
    reply_privately,
    reply_privately_in_time,
    who_and_where,
)
from bot.features.jam.rules import MAX_SHEET_CHARS, rules_text
from bot.features.moderation.limits import Limit, given
from bot.features.moderation.replies import answer_change
from bot.features.moderation.service import Changed
from bot.features.songs.queue.render import api_status, waiting_choices
from bot.features.usage.render import server_usage_reply, settings_embed

if TYPE_CHECKING:
    from bot.app.bot import SongBot


LIMIT_OPTION = app_commands.Range[int, 0, 100_000]


class ModerationCog(commands.Cog):
    def __init__(self, bot: SongBot) -> None:
        self.bot = bot

    admin = app_commands.Group(
        name="songadmin",
        description="Song limits for this server (moderators)",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )

    @admin.command(name="show", description="Every song limit and setting on this server")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def show(self, interaction: discord.Interaction) -> None:
        shown = await self.bot.moderation.show(*who_and_where(interaction))
        if isinstance(shown, Refusal):
            await reply_privately(interaction, shown.text)
            return
        embed = settings_embed(
            shown.policy, shown.blocks, shown.recent_changes, members_words(interaction)
        )
        whole_bot = "Soundverse, for the whole bot"
        embed.add_field(name=whole_bot, value=self._api_status(), inline=False)
        await reply_privately(interaction, embeds=[embed])

    def _api_status(self) -> str:
        load = self.bot.queue_admin.load()
        return api_status(load.pause, running=load.running, waiting=load.waiting, cap=load.cap)

    @admin.command(name="limits", description="Set limits (0 removes a limit)")
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.describe(
        member_daily="Songs per member per day",
        cooldown_seconds="Seconds a member waits between songs",
        member_concurrent="Songs one member can have in progress at once",
        server_concurrent="Songs in progress at once on the whole server",
        server_daily="Songs per day on the whole server",
        member_weekly="Songs per member per week",
        member_monthly="Songs per member per month",
        server_weekly="Songs per week on the whole server",
        server_monthly="Songs per month on the whole server",
    )
    async def limits(  # noqa: PLR0917 - one parameter per option
        self,
        interaction: discord.Interaction,
        member_daily: LIMIT_OPTION | None = None,
        cooldown_seconds: LIMIT_OPTION | None = None,
        member_concurrent: LIMIT_OPTION | None = None,
        server_concurrent: LIMIT_OPTION | None = None,
        server_daily: LIMIT_OPTION | None = None,
        member_weekly: LIMIT_OPTION | None = None,
        member_monthly: LIMIT_OPTION | None = None,
        server_weekly: LIMIT_OPTION | None = None,
        server_monthly: LIMIT_OPTION | None = None,
    ) -> None:
        options = {
            Limit.MEMBER_DAILY: member_daily,
            Limit.COOLDOWN: cooldown_seconds,
            Limit.MEMBER_CONCURRENT: member_concurrent,
            Limit.SERVER_CONCURRENT: server_concurrent,
            Limit.SERVER_DAILY: server_daily,
            Limit.MEMBER_WEEKLY: member_weekly,
            Limit.MEMBER_MONTHLY: member_monthly,
            Limit.SERVER_WEEKLY: server_weekly,
            Limit.SERVER_MONTHLY: server_monthly,
        }
        changed = await self.bot.moderation.set_limits(*who_and_where(interaction), options)
        await answer_change(interaction, changed)

    @admin.command(
        name="queue", description="The queue beyond the caps: mode, sizes, pause, cancel"
    )
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.describe(
        mode="Beyond the caps, songs wait in the queue (the default) or are refused",
        member_waiting="Songs one member may have waiting (0: no limit)",
        server_waiting="Songs waiting on the whole server (0: no limit)",
        paused="True pauses this server's queue (songs keep their places); False resumes it",
        cancel="Take this waiting song out of the queue (its number in /songs queue)",
        retry_now="Try Soundverse again now, after its balance was topped up",
    )
    @app_commands.choices(
        mode=[
            app_commands.Choice(name="queue beyond the caps", value="queue"),
            app_commands.Choice(name="refuse beyond the caps", value="refuse"),
        ]
    )
    async def queue(  # noqa: PLR0917 - one parameter per option
        self,
        interaction: discord.Interaction,
        mode: app_commands.Choice[str] | None = None,
        member_waiting: LIMIT_OPTION | None = None,
        server_waiting: LIMIT_OPTION | None = None,
        paused: bool | None = None,
        cancel: app_commands.Range[int, 1] | None = None,
        retry_now: bool = False,
    ) -> None:
        if cancel is not None:
            await self.bot.song_responder.cancel(interaction, cancel)
            return
        changed = await self.bot.moderation.set_queue(
            *who_and_where(interaction),
            mode=None if mode is None else "refuse" if mode.value == "refuse" else "queue",
            member_waiting=member_waiting,
            server_waiting=server_waiting,
            paused=paused,
        )
        if isinstance(changed, Refusal):
            await reply_privately(interaction, changed.text)
            return
        said = [changed.summary] if changed.summary else []
        if retry_now:
            self.bot.queue_admin.try_now()
            said.append("Soundverse is tried again now")
        summary = "Queue: " + ("; ".join(said) + "." if said else "nothing changed.")
        await reply_privately(interaction, f"{summary}\n{self._api_status()}")

    @queue.autocomplete("cancel")
    async def _waiting_songs(
        self, interaction: discord.Interaction, typed: str
    ) -> list[app_commands.Choice[int]]:
        entries = self.bot.queue_admin.line(guild_id_of(interaction), interaction.user.id)
        return [
            app_commands.Choice(name=name, value=song_id)
            for name, song_id in waiting_choices(entries, typed)
        ]

    @admin.command(name="role", description="Give a role its own daily limit per member")
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.describe(
        role="The role",
        daily="Songs per member per day for this role (0: unlimited)",
        clear="Remove this role's own limit",
    )
    async def role(
        self,
        interaction: discord.Interaction,
        role: discord.Role,
        daily: LIMIT_OPTION | None = None,
        clear: bool = False,
    ) -> None:
        changed = await self.bot.moderation.set_role_limit(
            *who_and_where(interaction), role.id, daily, clear=clear
        )
        await answer_change(interaction, changed)

    @admin.command(name="channel", description="Allow or disallow /song in a channel")
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.describe(
        channel="The channel to allow or disallow",
        allowed="True adds it to the allowed channels; with none, all are",
    )
    async def channel(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel,
        allowed: bool,
    ) -> None:
        changed = await self.bot.moderation.set_channel(
            *who_and_where(interaction), channel.id, allowed=allowed
        )
        await answer_change(interaction, changed)

    @admin.command(name="block", description="Pause a member's song-making on this server")
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.describe(
        member="The member whose song-making to pause",
        reason="Why (kept in the settings log; up to 200 characters)",
    )
    async def block(
        self,
        interaction: discord.Interaction,
        member: discord.Member,
        reason: app_commands.Range[str, 1, 200] | None = None,
    ) -> None:
        changed = await self.bot.moderation.block(*who_and_where(interaction), member.id, reason)
        await answer_change(interaction, changed)

    @admin.command(name="unblock", description="Let a paused member make songs again")
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.describe(member="The member whose song-making to resume")
    async def unblock(self, interaction: discord.Interaction, member: discord.Member) -> None:
        changed = await self.bot.moderation.unblock(*who_and_where(interaction), member.id)
        await answer_change(interaction, changed)

    @admin.command(name="usage", description="This server's songs: totals, top members, per day")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def server_usage(self, interaction: discord.Interaction) -> None:
        await reply_privately_in_time(interaction, self._server_usage(interaction))

    async def _server_usage(
        self, interaction: discord.Interaction
    ) -> Refusal | tuple[discord.Embed, discord.File]:
        """The server's figures drawn (in time: see :func:`in_time`), or why not."""
        figures = await self.bot.usage.server(*who_and_where(interaction))
        if isinstance(figures, Refusal):
            return figures
        return await server_usage_reply(
            guild_of(interaction).name, figures, members_words(interaction)
        )

    @admin.command(name="jam", description="Rules for lyric sessions (/jam); 0 restores a default")
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.describe(
        starter_role="Only members with this role (and moderators) may start sessions",
        everyone_may_start="Let everyone start sessions again",
        max_open="Open sessions at once on this server",
        lines_per_member="Lines one member may write in a session",
        line_chars="Characters in one line",
        sheet_chars="Characters on a whole sheet (at most 3500: what a song can take)",
        lines_per_minute="Lines one member may add per minute",
        idle_hours="Hours without a new line before a session ends",
        turn_minutes="Minutes a member has for a turn",
    )
    async def jam(  # noqa: PLR0917 - one parameter per option
        self,
        interaction: discord.Interaction,
        starter_role: discord.Role | None = None,
        everyone_may_start: bool = False,
        max_open: app_commands.Range[int, 0, 50] | None = None,
        lines_per_member: app_commands.Range[int, 0, 500] | None = None,
        line_chars: app_commands.Range[int, 0, 500] | None = None,
        sheet_chars: app_commands.Range[int, 0, MAX_SHEET_CHARS] | None = None,
        lines_per_minute: app_commands.Range[int, 0, 60] | None = None,
        idle_hours: app_commands.Range[float, 0, 720] | None = None,
        turn_minutes: app_commands.Range[float, 0, 1440] | None = None,
    ) -> None:
        options: dict[str, int | float | None] = {
            "max_open": max_open,
            "lines_per_member": lines_per_member,
            "line_chars": line_chars,
            "sheet_chars": sheet_chars,
            "lines_per_minute": lines_per_minute,
            "idle_hours": idle_hours,
            "turn_minutes": turn_minutes,
        }
        changes = given(options)
        if starter_role is not None or everyone_may_start:
            role_id = starter_role.id if starter_role is not None else None
            changes["starter_role_id"] = None if everyone_may_start else role_id
        rules = await self.bot.jam.settings.change(*who_and_where(interaction), changes)
        if isinstance(rules, Refusal):
            await reply_privately(interaction, rules.text)
            return
        await reply_privately(interaction, f"Rules for lyric sessions:\n{rules_text(rules)}")

    # The web gallery's visibility (bot/features/gallery): off, members (logged in), public.
    @admin.command(name="gallery", description="Who sees this server's songs on the web")
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.describe(visibility="off: nobody; members: its members, logged in; public: all")
    async def gallery(
        self, interaction: discord.Interaction, visibility: Literal["off", "members", "public"]
    ) -> None:
        outcome = await self.bot.moderation.set_gallery(*who_and_where(interaction), visibility)
        url = self.bot.settings.web_public_url
        if isinstance(outcome, Changed) and url and visibility != "off":
            outcome = Changed(f"{outcome.summary} {url}/servers/{interaction.guild_id}")
        await answer_change(interaction, outcome)


async def setup(bot: SongBot) -> None:
    await bot.add_cog(ModerationCog(bot))
