"""``/listen``: a listening party in the member's voice channel. Its controls and the Queue
form are registered at start, so a now-playing message answers after a restart; voice state
events and servers coming up are handed to the party front end."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.modal_values import submitted_form
from bot.core.replies import apologising
from bot.features.parties import ChallengeEntries, OneSong, Radio, SessionSongs
from bot.features.parties.controls import DYNAMIC_ITEMS, submitted
from bot.features.songs.history import job_choices
from bot.store.party_songs import Choice

if TYPE_CHECKING:
    from bot.app.bot import SongBot

Choices = list[app_commands.Choice[str]]
VERSIONS = [app_commands.Choice(name="Version 1", value=1),
            app_commands.Choice(name="Version 2", value=2)]  # fmt: skip


def _id(typed: str) -> int:
    """An autocompleted id (a member may type anything: 0 is found nowhere)."""
    return int(typed) if typed.strip().isdigit() and len(typed.strip()) < 19 else 0


class ListenCog(commands.Cog):
    listen = app_commands.Group(
        name="listen", description="Play this server's songs in your voice channel",
        guild_only=True,
    )  # fmt: skip

    def __init__(self, bot: SongBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*DYNAMIC_ITEMS)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*DYNAMIC_ITEMS)

    @listen.command(name="song", description="Play one song in your voice channel")
    @app_commands.describe(job_id="The song: start typing its name", version="Which version")
    @app_commands.choices(version=VERSIONS)
    async def song(
        self,
        interaction: discord.Interaction,
        job_id: app_commands.Range[str, 1, 100],
        version: int = 1,
    ) -> None:
        await self.bot.parties.listen(interaction, OneSong(job_id, version))

    @song.autocomplete("job_id")
    async def _job_id(self, interaction: discord.Interaction, typed: str) -> Choices:
        records = await self.bot.resources.generations.history(
            interaction.guild_id or 0, interaction.user.id, limit=50
        )
        finished = [r for r in records if r.status == "completed"]
        return [app_commands.Choice(name=n, value=v) for n, v in job_choices(finished, typed)]

    @listen.command(name="session", description="Play a lyric session's songs, in order")
    @app_commands.describe(session="The session: start typing its title")
    async def session(
        self, interaction: discord.Interaction, session: app_commands.Range[str, 1, 20]
    ) -> None:
        await self.bot.parties.listen(interaction, SessionSongs(_id(session)))

    @session.autocomplete("session")
    async def _session(self, interaction: discord.Interaction, typed: str) -> Choices:
        found = await self.bot.resources.parties.songs.sessions(interaction.guild_id or 0)
        return _choices(found, typed)

    @listen.command(name="challenge", description="Play a challenge's entries, shuffled")
    @app_commands.describe(challenge="The challenge: start typing its theme")
    async def challenge(
        self, interaction: discord.Interaction, challenge: app_commands.Range[str, 1, 20]
    ) -> None:
        await self.bot.parties.listen(interaction, ChallengeEntries(_id(challenge)))

    @challenge.autocomplete("challenge")
    async def _challenge(self, interaction: discord.Interaction, typed: str) -> Choices:
        found = await self.bot.resources.parties.songs.challenges(interaction.guild_id or 0)
        return _choices(found, typed)

    @listen.command(name="radio", description="Play this server's newest songs")
    async def radio(self, interaction: discord.Interaction) -> None:
        await self.bot.parties.listen(interaction, Radio())

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        data = submitted_form(interaction.type.value, interaction.data)
        form = submitted(data) if data is not None else None
        if form is not None:
            async with apologising(interaction, "a party's Queue form"):
                await self.bot.parties.submitted(interaction, form)

    @commands.Cog.listener()
    async def on_voice_state_update(
        self, member: discord.Member, before: discord.VoiceState, after: discord.VoiceState
    ) -> None:
        await self.bot.parties.voice_changed(member, before, after)

    @commands.Cog.listener()
    async def on_guild_available(self, guild: discord.Guild) -> None:
        await self.bot.parties.guild_available(guild.id)


def _choices(found: list[Choice], typed: str) -> Choices:
    wanted = typed.strip().lower()
    return [
        app_commands.Choice(name=" ".join(c.name.split())[:100] or str(c.id), value=str(c.id))
        for c in found
        if not wanted or wanted in c.name.lower() or wanted == str(c.id)
    ][:25]


async def setup(bot: SongBot) -> None:
    await bot.add_cog(ListenCog(bot))
