"""``/jam``: collaborative lyric sessions. The command opens one; its buttons, menus and forms
are registered at start, so every control of every open session works after a restart."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.modal_values import submitted_form
from bot.core.replies import apologising
from bot.features.jam.actions import Mode
from bot.features.jam.controls import DYNAMIC_ITEMS
from bot.features.jam.forms import submitted
from bot.features.jam.modes import MODES
from bot.features.jam.opening import Opening
from bot.features.songs.history import job_choices

if TYPE_CHECKING:
    from bot.app.bot import SongBot

CHOICES = [
    app_commands.Choice(name=rules.choice, value=mode.value) for mode, rules in MODES.items()
]


class JamCog(commands.Cog):
    jam = app_commands.Group(
        name="jam", description="Write a song together in a thread", guild_only=True
    )

    def __init__(self, bot: SongBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*DYNAMIC_ITEMS)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*DYNAMIC_ITEMS)

    @jam.command(name="start", description="Open a lyric session in a thread")
    @app_commands.describe(
        title="The song's working title",
        style="The style the song will have: the prompt (up to 1024 characters)",
        mode="How members add lines (default: open)",
        from_job="Start from a finished song's lyrics: its job id",
    )
    @app_commands.choices(mode=CHOICES)
    async def start(
        self,
        interaction: discord.Interaction,
        title: app_commands.Range[str, 1, 100] = "Untitled jam",
        style: app_commands.Range[str, 1, 1024] | None = None,
        mode: str = Mode.OPEN.value,
        from_job: app_commands.Range[str, 1, 100] | None = None,
    ) -> None:
        await self.bot.jam.start(interaction, Opening(title, style, Mode(mode)), from_job)

    @start.autocomplete("from_job")
    async def _from_job(
        self, interaction: discord.Interaction, typed: str
    ) -> list[app_commands.Choice[str]]:
        records = await self.bot.resources.generations.history(
            interaction.guild_id or 0, interaction.user.id, limit=50
        )
        finished = [r for r in records if r.status == "completed"]
        return [app_commands.Choice(name=n, value=v) for n, v in job_choices(finished, typed)]

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        data = submitted_form(interaction.type.value, interaction.data)
        form = submitted(data) if data is not None else None
        if form is not None:
            async with apologising(interaction, "a session's form"):
                await self.bot.jam.submitted(interaction, form)


async def setup(bot: SongBot) -> None:
    await bot.add_cog(JamCog(bot))
