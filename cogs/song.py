"""``/song``: check the inputs, maybe ask for lyrics, then hand the job to the song service."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.i18n import servers_words
from bot.core.replies import reply_privately
from bot.core.urls import MAX_URL_LENGTH
from bot.features.songs.card import SongCard
from bot.features.songs.inputs import AttachedAudio, InputProblem, SongInputs, build_request
from bot.features.songs.modal import LyricsModal
from bot.features.songs.texts import RESTARTING_REPLY
from bot.soundverse import SongRequest
from bot.soundverse.request import MAX_PROMPT_LENGTH

MAX_OPTION_TEXT = 6000  # Discord's limit for a text option
if TYPE_CHECKING:
    from bot.app.bot import SongBot


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
        prompt: app_commands.Range[str, 1, MAX_PROMPT_LENGTH] | None = None,
        lyrics: app_commands.Range[str, 1, MAX_OPTION_TEXT] | None = None,
        write_lyrics: bool = False,
        reference: discord.Attachment | None = None,
        instrumental: discord.Attachment | None = None,
        vocal: discord.Attachment | None = None,
        melody: discord.Attachment | None = None,
        reference_url: app_commands.Range[str, 1, MAX_URL_LENGTH] | None = None,
        instrumental_url: app_commands.Range[str, 1, MAX_URL_LENGTH] | None = None,
        vocal_url: app_commands.Range[str, 1, MAX_URL_LENGTH] | None = None,
        melody_url: app_commands.Range[str, 1, MAX_URL_LENGTH] | None = None,
    ) -> None:
        attached = {
            "reference": reference,
            "instrumental": instrumental,
            "vocal": vocal,
            "melody": melody,
        }
        links = {
            "reference": reference_url,
            "instrumental": instrumental_url,
            "vocal": vocal_url,
            "melody": melody_url,
        }
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
            await reply_privately(interaction, RESTARTING_REPLY)
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
            await reply_privately(interaction, problem.message)
            return None

    async def _start(
        self, interaction: discord.Interaction, request: SongRequest, lyrics_source: str
    ) -> None:
        card = SongCard(
            requester=interaction.user.display_name,
            prompt=request.prompt,
            lyrics_source=lyrics_source if request.lyrics else "generated",
            words=servers_words(interaction),
        )
        await self.bot.song_responder.begin(interaction, request, card)


async def setup(bot: SongBot) -> None:
    await bot.add_cog(SongCog(bot))
