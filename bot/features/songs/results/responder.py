"""The buttons' Discord adapter: a click becomes a press of the use case
(:class:`~.service.ResultActions`), and its outcome one reply. Every click is answered at
once (a reply, a form, or "thinking…"), and every refusal is one private sentence."""

from __future__ import annotations

import contextlib
import io
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import discord

from bot.core.acting import Refusal
from bot.core.i18n import members_words, say, servers_words
from bot.core.replies import NO_PINGS, actor_of, reply_privately
from bot.features.songs.queue_admin import Cancelled
from bot.features.songs.responder import SongResponder
from bot.features.songs.results import outcomes, texts
from bot.features.songs.results.buttons import view_for
from bot.features.songs.results.remix import RemixForm, remix_modal
from bot.features.songs.results.render import lyrics_reply
from bot.features.songs.results.row import CONFIRM, CONFIRM_OR_HIDE, Action, ButtonRow
from bot.features.songs.results.service import ResultActions
from bot.store.song_records import SongDetail

if TYPE_CHECKING:
    from bot.features.songs.results.handlers import Outcome

log = logging.getLogger(__name__)

StartJam = Callable[[discord.Interaction, SongDetail], Awaitable[None]]  # given by the app
# the listening parties' /listen song (job id, version), given by the app
StartParty = Callable[[discord.Interaction, str, int], Awaitable[None]]
Reply = Callable[[discord.Interaction, Any], Awaitable[None]]


class ResultResponder:
    def __init__(
        self,
        actions: ResultActions,
        songs: SongResponder,
        start_jam: StartJam,
        start_party: StartParty,
    ) -> None:
        self._actions = actions
        self._songs = songs
        self._start_jam = start_jam  # the /jam feature's, given by the app
        self._start_party = start_party  # the listening parties', given by the app
        self._replies: dict[type[Any], Reply] = {  # one reply for each kind of outcome
            outcomes.StartSong: self._start_song,
            outcomes.OpenRemix: self._open_remix,
            outcomes.ShowLyrics: self._lyrics,
            outcomes.OpenJam: self._jam,
            outcomes.PlayInVoice: self._play_in_voice,
            outcomes.AskDelete: self._ask_delete,
            outcomes.DeleteNow: self._delete,
            outcomes.Hidden: self._hidden,
            outcomes.Kept: self._kept,
            Cancelled: self._cancelled,
        }

    async def clicked(self, interaction: discord.Interaction, action: Action, song_id: int) -> None:
        who, guild_id = actor_of(interaction), interaction.guild_id or 0
        await self._answer(interaction, await self._actions.clicked(who, guild_id, action, song_id))

    async def remix_submitted(self, interaction: discord.Interaction, form: RemixForm) -> None:
        await self._answer(
            interaction, await self._actions.remixed(interaction.guild_id or 0, form)
        )

    async def _answer(self, interaction: discord.Interaction, outcome: Refusal | Outcome) -> None:
        if isinstance(outcome, Refusal):
            await reply_privately(interaction, outcome.text)
            return
        await self._replies[type(outcome)](interaction, outcome)

    async def _start_song(
        self, interaction: discord.Interaction, start: outcomes.StartSong
    ) -> None:
        card = start.card(interaction.user.display_name, servers_words(interaction))
        await self._songs.begin(
            interaction, start.request, card, parent_id=start.parent_id, origin=start.origin
        )

    async def _open_remix(
        self, interaction: discord.Interaction, remix: outcomes.OpenRemix
    ) -> None:
        await interaction.response.send_modal(remix_modal(remix.song))

    async def _lyrics(self, interaction: discord.Interaction, shown: outcomes.ShowLyrics) -> None:
        song = shown.song
        sections = song.lyrics
        if sections is None:  # recorded before lyrics were kept: ask the API
            await interaction.response.defer(ephemeral=True, thinking=True)
            sections = await self._actions.lyrics_from_api(song)
        if not sections:
            await reply_privately(interaction, texts.NO_LYRICS)
            return
        embeds, whole = lyrics_reply(song.record.song_name, sections)
        files = [discord.File(io.BytesIO(whole.encode()), "lyrics.txt")] if whole else []
        if interaction.response.is_done():
            await interaction.followup.send(
                embeds=embeds, files=files, ephemeral=True, allowed_mentions=NO_PINGS
            )
            return
        await interaction.response.send_message(
            embeds=embeds, files=files, ephemeral=True, allowed_mentions=NO_PINGS
        )

    async def _jam(self, interaction: discord.Interaction, jam: outcomes.OpenJam) -> None:
        await self._start_jam(interaction, jam.song)

    async def _play_in_voice(
        self, interaction: discord.Interaction, play: outcomes.PlayInVoice
    ) -> None:
        await self._start_party(interaction, play.job_id, play.version)

    async def _ask_delete(self, interaction: discord.Interaction, ask: outcomes.AskDelete) -> None:
        words = members_words(interaction)  # a private question: the member's words
        question = say(words, texts.confirm_delete(ask.name))
        if ask.gallery:
            question += "\n" + words(texts.OR_HIDE)
        await interaction.response.send_message(
            question,
            view=view_for(
                ButtonRow(ask.song_id, CONFIRM_OR_HIDE if ask.gallery else CONFIRM, words)
            ),
            ephemeral=True,
            allowed_mentions=NO_PINGS,
        )

    async def _delete(self, interaction: discord.Interaction, delete: outcomes.DeleteNow) -> None:
        await interaction.response.defer()  # deleting may wait on Discord's rate limits
        failed = 0
        for channel_id, message_id in await self._actions.messages(delete.song_id):
            message = interaction.client.get_partial_messageable(channel_id)
            try:
                with contextlib.suppress(discord.NotFound):  # gone already
                    await message.get_partial_message(message_id).delete()
            except discord.HTTPException as exc:
                log.info(
                    "could not delete message %s of song %s: %s", message_id, delete.song_id, exc
                )
                failed += 1
        await self._actions.deleted(delete.song_id)
        done = say(members_words(interaction), texts.deleted(delete.name, failed))
        await interaction.edit_original_response(content=done, view=None)

    async def _hidden(self, interaction: discord.Interaction, hidden: outcomes.Hidden) -> None:
        done = say(members_words(interaction), texts.hidden(hidden.name))
        await interaction.response.edit_message(content=done, view=None)

    async def _kept(self, interaction: discord.Interaction, _kept: outcomes.Kept) -> None:
        await interaction.response.edit_message(content=texts.KEPT, view=None)

    async def _cancelled(self, interaction: discord.Interaction, cancelled: Cancelled) -> None:
        await self._songs.cancelled(interaction, cancelled)
