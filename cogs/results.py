"""The buttons under every song, and the Remix form: registered at start so a click on a
message posted before a restart still works."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from bot.core.modal_values import submitted_form
from bot.core.replies import apologising
from bot.features.songs.results.buttons import SongButton
from bot.features.songs.results.remix import submitted

if TYPE_CHECKING:
    from bot.app.bot import SongBot


class ResultsCog(commands.Cog):
    def __init__(self, bot: SongBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(SongButton)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(SongButton)

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        data = submitted_form(interaction.type.value, interaction.data)
        form = submitted(data) if data is not None else None
        if form is not None:
            async with apologising(interaction, "the remix form"):
                await self.bot.results.remix_submitted(interaction, form)


async def setup(bot: SongBot) -> None:
    await bot.add_cog(ResultsCog(bot))
