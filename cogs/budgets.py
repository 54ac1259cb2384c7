"""``/songadmin budget``, ``estimate`` and ``timezone``: a server's token budgets, what a song
is reckoned to cost before it has history, and the calendar every daily, weekly and monthly
limit follows. Commands of the moderators' group (added to it as this extension loads, after
``cogs.moderation`` made the group); every change goes through the moderators' use cases."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.replies import who_and_where
from bot.features.moderation.replies import answer_change
from bot.features.moderation.timezones import timezone_choices
from bot.store.records import WEEKDAYS, BudgetKey
from cogs import join_songadmin, leave_songadmin

if TYPE_CHECKING:
    from bot.app.bot import SongBot

TOKENS_OPTION = app_commands.Range[int, 0, 1_000_000_000]
Made = app_commands.Command[Any, Any, None]


def songadmin_budget(bot: SongBot) -> Made:
    """``/songadmin budget scope period tokens [role] [clear]``: one budget at a time."""

    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.describe(
        scope="The whole server's, each member's, or each member's with a role",
        period="The day, week or month (in the server's time zone)",
        tokens="Tokens in the period (0 removes the budget; for a role, 0 means unlimited)",
        role="The role, for scope: role (a member's most generous role applies)",
        clear="Remove the role's own budget: its members follow the members' budget again",
    )
    async def budget(  # noqa: PLR0917 - one parameter per option
        interaction: discord.Interaction,
        scope: Literal["server", "member", "role"],
        period: Literal["day", "week", "month"],
        tokens: TOKENS_OPTION | None = None,
        role: discord.Role | None = None,
        clear: bool = False,
    ) -> None:
        key = BudgetKey(scope, period, role.id if role is not None else 0)
        changed = await bot.moderation.set_budget(
            *who_and_where(interaction), key, tokens, clear=clear
        )
        await answer_change(interaction, changed)

    return app_commands.Command(
        name="budget",
        description="A token budget per day, week or month: the server's, members' or a role's",
        callback=budget,
    )


def songadmin_estimate(bot: SongBot) -> Made:
    """``/songadmin estimate tokens``: the moderators' figure before the server has history."""

    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.describe(
        tokens="What a song is reckoned to cost until songs here complete (0: the default)"
    )
    async def estimate(interaction: discord.Interaction, tokens: TOKENS_OPTION) -> None:
        changed = await bot.moderation.set_estimate(*who_and_where(interaction), tokens)
        await answer_change(interaction, changed)

    return app_commands.Command(
        name="estimate",
        description="A song's tokens, reckoned before this server has songs of its own",
        callback=estimate,
    )


def songadmin_timezone(bot: SongBot) -> Made:
    """``/songadmin timezone [name] [week_starts]``: where the server's days and weeks start."""

    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.describe(
        name="An IANA time zone name, like Europe/Paris or America/New_York",
        week_starts="The day weekly limits and budgets start over (Monday by default)",
    )
    @app_commands.choices(
        week_starts=[app_commands.Choice(name=day, value=n) for n, day in enumerate(WEEKDAYS)]
    )
    async def timezone(
        interaction: discord.Interaction,
        name: app_commands.Range[str, 1, 64] | None = None,
        week_starts: app_commands.Choice[int] | None = None,
    ) -> None:
        changed = await bot.moderation.set_timezone(
            *who_and_where(interaction),
            name,
            week_start=None if week_starts is None else week_starts.value,
        )
        await answer_change(interaction, changed)

    command: Made = app_commands.Command(
        name="timezone",
        description="Where this server's day starts, e.g. Europe/Paris, and its week's first day",
        callback=timezone,
    )

    @command.autocomplete("name")
    async def _zones(
        _interaction: discord.Interaction, typed: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=z, value=z) for z in timezone_choices(typed)]

    return command


MADE = (songadmin_budget, songadmin_estimate, songadmin_timezone)


class BudgetCog(commands.Cog):
    def __init__(self, bot: SongBot) -> None:
        self.bot = bot
        self._commands = [make(bot) for make in MADE]

    async def cog_load(self) -> None:
        join_songadmin(self.bot, *self._commands)

    async def cog_unload(self) -> None:
        leave_songadmin(self.bot, *(command.name for command in self._commands))


async def setup(bot: SongBot) -> None:
    await bot.add_cog(BudgetCog(bot))
