"""``/songs``: your recent songs, a finished song posted again, a job's status."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.i18n import members_words, servers_words
from bot.core.replies import actor_of, reply_privately
from bot.features.songs.card import SongCard
from bot.features.songs.history import history_embed, job_choices, status_embed
from bot.features.songs.live import NO_PINGS
from bot.features.songs.queue.render import queue_embed
from bot.features.songs.texts import failure_text
from bot.soundverse import SoundverseError
from bot.store.song_records import SongRecord

if TYPE_CHECKING:
    from bot.app.bot import SongBot


class HistoryCog(commands.Cog):
    songs = app_commands.Group(
        name="songs",
        description="Your songs: history, show again, status, the queue",
        guild_only=True,
    )

    def __init__(self, bot: SongBot) -> None:
        self.bot = bot

    @songs.command(name="history", description="Your recent songs, with links")
    async def history(self, interaction: discord.Interaction) -> None:
        records = await self.bot.resources.generations.history(
            interaction.guild_id or 0, interaction.user.id
        )
        embed = history_embed(interaction.user.display_name, records, members_words(interaction))
        await interaction.response.send_message(
            embed=embed, ephemeral=True, allowed_mentions=NO_PINGS
        )

    @songs.command(name="queue", description="What is waiting for its turn here, in order")
    async def queue(self, interaction: discord.Interaction) -> None:
        line = self.bot.queue_admin.server_line(interaction.guild_id or 0, interaction.user.id)
        embed = queue_embed(
            line.entries,
            line.waiting,
            line.pause,
            held=line.held,
            moderator=actor_of(interaction).moderator,
            words=members_words(interaction),
        )
        await reply_privately(interaction, embeds=[embed])

    @songs.command(name="show", description="Post a finished song again, by its job id")
    @app_commands.describe(job_id="The job id from the song's footer or /songs history")
    async def show(
        self, interaction: discord.Interaction, job_id: app_commands.Range[str, 1, 100]
    ) -> None:
        record = await self._find(interaction, job_id)
        if record is None:
            return
        if record.deleted:
            await reply_privately(interaction, "That song was deleted, so I won't post it again.")
            return
        card = SongCard(
            requester=record.requester or "a member",
            prompt=None,
            song_id=record.id,
            words=servers_words(interaction),
        )
        try:
            await self.bot.song_responder.show_again(interaction, job_id.strip(), card)
        except SoundverseError as exc:
            await interaction.followup.send(
                failure_text(exc, words=members_words(interaction)),
                ephemeral=True,
                allowed_mentions=NO_PINGS,
            )

    @show.autocomplete("job_id")
    async def recent_jobs(
        self, interaction: discord.Interaction, typed: str
    ) -> list[app_commands.Choice[str]]:
        """The member's recent songs, by name, for a job id option."""
        records = await self.bot.resources.generations.history(
            interaction.guild_id or 0, interaction.user.id, limit=50
        )
        return [app_commands.Choice(name=n, value=v) for n, v in job_choices(records, typed)]

    @songs.command(name="status", description="Where a song is, by its job id")
    @app_commands.describe(job_id="The job id from the song's footer or /songs history")
    @app_commands.autocomplete(job_id=recent_jobs)
    async def status(
        self, interaction: discord.Interaction, job_id: app_commands.Range[str, 1, 100]
    ) -> None:
        if await self._find(interaction, job_id) is None:
            return
        try:
            snapshot = await self.bot.resources.soundverse.status(job_id.strip())
        except SoundverseError as exc:
            await reply_privately(interaction, failure_text(exc, words=members_words(interaction)))
            return
        await interaction.response.send_message(
            embed=status_embed(snapshot, job_id, members_words(interaction)),
            ephemeral=True,
            allowed_mentions=NO_PINGS,
        )

    async def _find(self, interaction: discord.Interaction, job_id: str) -> SongRecord | None:
        """This server's song with that job id, or None after telling the member."""
        record = await self.bot.resources.generations.by_job(
            interaction.guild_id or 0, job_id.strip()
        )
        if record is None:
            await reply_privately(interaction, "There is no song with that job id on this server.")
        return record


async def setup(bot: SongBot) -> None:
    await bot.add_cog(HistoryCog(bot))
