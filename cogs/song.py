"""``/song``: check the inputs, maybe ask for lyrics, then hand the job to the song service."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.replies import reply_privately
from bot.features.songs.inputs import AttachedAudio, InputProblem, SongInputs, build_request
from bot.features.songs.live import NO_PINGS
from bot.features.songs.modal import LyricsModal
from bot.features.songs.render import SongCard
from bot.features.usage.policy import Refusal
from bot.soundverse import SongRequest
from bot.store import Ask

if TYPE_CHECKING:
    from bot.app.bot import SongBot


RESTARTING_REPLY = "I'm restarting right now; please try again in a moment."


class SongCog(commands.Cog):
    def __init__(self, bot: SongBot) -> None:
        self.bot = bot

    @app_commands.command(name="song", description="Make a song with Soundverse")
    @app_commands.guild_only()
    @app_commands.describe(
        prompt="What the song is about: style, mood, story (up to 1024 characters)",
        lyrics="Lyrics on one line (use write_lyrics for several lines)",
        write_lyrics="Open a form to write multi-line lyrics",
        reference="Audio whose style the song should follow",
        instrumental="An instrumental to build the song on",
        vocal="Vocals to use in the song",
        melody="A melody to guide the tune",
        reference_url="Link to reference audio",
        instrumental_url="Link to an instrumental",
        vocal_url="Link to vocals",
        melody_url="Link to a melody",
    )
    async def song(  # noqa: PLR0917 - one parameter per slash-command option
        self,
        interaction: discord.Interaction,
        prompt: str | None = None,
        lyrics: str | None = None,
        write_lyrics: bool = False,
        reference: discord.Attachment | None = None,
        instrumental: discord.Attachment | None = None,
        vocal: discord.Attachment | None = None,
        melody: discord.Attachment | None = None,
        reference_url: str | None = None,
        instrumental_url: str | None = None,
        vocal_url: str | None = None,
        melody_url: str | None = None,
    ) -> None:
        attached = {"reference": reference, "instrumental": instrumental,
                    "vocal": vocal, "melody": melody}  # fmt: skip
        links = {"reference": reference_url, "instrumental": instrumental_url,
                 "vocal": vocal_url, "melody": melody_url}  # fmt: skip
        inputs = SongInputs(
            prompt=prompt,
            lyrics=lyrics,
            attachments=tuple(
                AttachedAudio(role, a.filename, a.content_type, a.size, a.url)
                for role, a in attached.items()
                if a is not None
            ),
            urls=tuple((role, url) for role, url in links.items() if url),
        )
        if not self.bot.songs.accepting:
            await interaction.response.send_message(
                RESTARTING_REPLY, ephemeral=True, allowed_mentions=NO_PINGS
            )
            return
        request = await self._request(interaction, inputs)
        if request is None:
            return
        if write_lyrics:

            async def written(modal_interaction: discord.Interaction, text: str) -> None:
                with_lyrics = dataclasses.replace(inputs, lyrics=text or None)
                written_request = await self._request(modal_interaction, with_lyrics)
                if written_request is not None:
                    await self._start(modal_interaction, written_request, "written in the form")

            await interaction.response.send_modal(LyricsModal(written, draft=lyrics))
            return
        await self._start(interaction, request, "typed")

    @staticmethod
    async def _request(interaction: discord.Interaction, inputs: SongInputs) -> SongRequest | None:
        """The API request for ``inputs``, or None after telling the member what to fix."""
        try:
            return build_request(inputs)
        except InputProblem as problem:
            await reply_privately(interaction, str(problem))
            return None

    async def _start(
        self, interaction: discord.Interaction, request: SongRequest, lyrics_source: str
    ) -> None:
        card = SongCard(
            requester=interaction.user.display_name,
            prompt=request.prompt,
            lyrics_source=lyrics_source if request.lyrics else "generated",
        )
        slot = await self._reserve(
            interaction,
            Ask(
                guild_id=interaction.guild_id or 0,
                channel_id=interaction.channel_id or 0,
                user_id=interaction.user.id,
                role_ids=_role_ids(interaction.user),
                prompt=request.prompt,
                lyrics_source=card.lyrics_source,
                request=request.model_dump_json(exclude_none=True),
                requester=card.requester,
            ),
        )
        if isinstance(slot, Refusal):
            await _refuse(interaction, slot.message)
            return
        await self.bot.songs.start(interaction, request, card, slot)

    async def _reserve(self, interaction: discord.Interaction, ask: Ask) -> int | Refusal:
        """Check the limits and reserve a slot. Discord drops an interaction that is not
        answered within 3 seconds, so when that takes long (a very busy bot) the interaction
        is acknowledged first ("songbot is thinking…")."""
        generations = self.bot.resources.generations
        reserving = asyncio.ensure_future(self.bot.resources.reservations.reserve(ask))
        age = (discord.utils.utcnow() - interaction.created_at).total_seconds()
        wait = max(0.0, self.bot.songs.config.answer_within - age)
        done, _ = await asyncio.wait({reserving}, timeout=wait)
        if not done:
            try:
                await interaction.response.defer(thinking=True)
            except BaseException:
                slot = await reserving
                if not isinstance(slot, Refusal):
                    await generations.ended_badly(slot, "NotStarted", billed=False)
                raise
        return await reserving


async def _refuse(interaction: discord.Interaction, text: str) -> None:
    """Tell only the member why not; a "thinking…" message shown first goes away."""
    if interaction.response.is_done():
        await interaction.delete_original_response()
    await reply_privately(interaction, text)


def _role_ids(user: discord.User | discord.Member) -> frozenset[int]:
    return frozenset(role.id for role in getattr(user, "roles", []))


async def setup(bot: SongBot) -> None:
    await bot.add_cog(SongCog(bot))
