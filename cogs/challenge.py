"""``/challenge``: song challenges. The commands start, show and run one; the announcement's
and entries' buttons, the song menu and the entry form are registered at start, so they work
after a restart. ``/songadmin challenge`` (who may start, the minimum server age to vote) is
added to the moderators' group from here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.modal_values import submitted_form
from bot.core.replies import apologising, guild_id_of, reply_privately, who_and_where
from bot.features.challenges.controls import DYNAMIC_ITEMS, submitted
from bot.features.challenges.opening import Start, themes_of
from bot.features.challenges.rules import MAX_ENTRIES_PER_MEMBER, Rules, rules_text
from cogs import join_songadmin, leave_songadmin

if TYPE_CHECKING:
    from bot.app.bot import SongBot


class ChallengeCog(commands.Cog):
    challenge = app_commands.Group(
        name="challenge", description="Song challenges: a theme, entries, a vote", guild_only=True
    )

    def __init__(self, bot: SongBot) -> None:
        self.bot = bot
        self._admin = songadmin_challenge(bot)

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*DYNAMIC_ITEMS)
        join_songadmin(self.bot, self._admin)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*DYNAMIC_ITEMS)
        leave_songadmin(self.bot, "challenge")

    @challenge.command(name="start", description="Start a song challenge in this channel")
    @app_commands.describe(
        theme="What the songs are about",
        rules="Anything else entrants should know",
        entries_close="How long entries stay open, like 2d, 36h or 90m (default 5d)",
        voting_close="How long the vote lasts after that (default 2d)",
        entries_per_member="Songs one member may enter (default 1)",
        repeat_with="Repeat it: the next themes in turn, separated by ;",
    )
    async def start(  # noqa: PLR0917 - one parameter per option
        self,
        interaction: discord.Interaction,
        theme: app_commands.Range[str, 1, 200],
        rules: app_commands.Range[str, 1, 1000] | None = None,
        entries_close: app_commands.Range[str, 1, 20] | None = None,
        voting_close: app_commands.Range[str, 1, 20] | None = None,
        entries_per_member: app_commands.Range[int, 1, MAX_ENTRIES_PER_MEMBER] = 1,
        repeat_with: app_commands.Range[str, 1, 1000] | None = None,
    ) -> None:
        start = Start(theme, rules, entries_close, voting_close, entries_per_member,
                      themes_of(repeat_with))  # fmt: skip
        await self.bot.challenges.start(interaction, start)

    @challenge.command(name="show", description="The challenge here: entries, deadlines, your vote")
    async def show(self, interaction: discord.Interaction) -> None:
        await self.bot.challenges.show(interaction)

    @challenge.command(name="leaderboard", description="This season's points from challenges")
    async def leaderboard(self, interaction: discord.Interaction) -> None:
        await self.bot.challenges.leaderboard(interaction)

    @challenge.command(name="extend", description="Give the running phase more time (moderators)")
    @app_commands.describe(by="How much longer, like 1d or 12h")
    async def extend(
        self, interaction: discord.Interaction, by: app_commands.Range[str, 1, 20]
    ) -> None:
        await self.bot.challenges.extend(interaction, by)

    @challenge.command(name="disqualify", description="Take an entry out of the vote (moderators)")
    @app_commands.describe(entry="The entry's number", reason="Why: shown in the thread")
    async def disqualify(
        self,
        interaction: discord.Interaction,
        entry: app_commands.Range[int, 1, 1000],
        reason: app_commands.Range[str, 1, 300],
    ) -> None:
        await self.bot.challenges.disqualify(interaction, entry, reason)

    @challenge.command(name="cancel", description="Cancel the challenge here (moderators)")
    async def cancel(self, interaction: discord.Interaction) -> None:
        await self.bot.challenges.cancel(interaction)

    @challenge.command(name="season", description="Start a new season of points (moderators)")
    async def season(self, interaction: discord.Interaction) -> None:
        await self.bot.challenges.new_season(interaction)

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        data = submitted_form(interaction.type.value, interaction.data)
        form = submitted(data) if data is not None else None
        if form is not None:
            async with apologising(interaction, "a challenge's entry form"):
                await self.bot.challenges.submitted(interaction, form)


def songadmin_challenge(bot: SongBot) -> app_commands.Command[Any, Any, None]:
    """``/songadmin challenge``: a command of the moderators' group, defined with the feature
    it sets (added to the group when this extension loads). Every change is logged."""

    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.describe(
        starter_role="Members with this role may start challenges too",
        moderators_only="Only moderators start challenges again",
        min_member_days="Days on the server before a member may vote",
    )
    async def configure(
        interaction: discord.Interaction,
        starter_role: discord.Role | None = None,
        moderators_only: bool = False,
        min_member_days: app_commands.Range[float, 0, 365] | None = None,
    ) -> None:
        values: dict[str, int | float | None] = {}
        if moderators_only:
            values["starter_role_id"] = None
        elif starter_role is not None:
            values["starter_role_id"] = starter_role.id
        if min_member_days is not None:
            values["min_member_days"] = min_member_days
        if values:
            change = "challenges: " + ", ".join(f"{k} = {v}" for k, v in values.items())
            await bot.challenges.tools.configure(*who_and_where(interaction), values, change)
        rules = Rules.of(await bot.resources.challenges.settings(guild_id_of(interaction)))
        await reply_privately(interaction, rules_text(rules))

    return app_commands.Command(
        name="challenge",
        description="Rules for song challenges: who may start, days on the server to vote",
        callback=configure,
    )


async def setup(bot: SongBot) -> None:
    await bot.add_cog(ChallengeCog(bot))
