"""What the buttons under a song do. Every click is answered at once (a reply, a form, or
"thinking…"), and every refusal is one private sentence."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import logging
from collections.abc import Awaitable, Callable

import discord
from pydantic import ValidationError

from bot.core.i18n import members_words, say, servers_words
from bot.core.replies import NO_PINGS, is_moderator, reply_privately
from bot.features.songs.history import message_link
from bot.features.songs.inputs import InputProblem, SongInputs, build_request
from bot.features.songs.render import SongCard
from bot.features.songs.results import texts
from bot.features.songs.results.buttons import view_for
from bot.features.songs.results.remix import RemixForm, remix_modal
from bot.features.songs.results.render import lyrics_reply, song_name
from bot.features.songs.results.row import CONFIRM, Action, ButtonRow, Lineage
from bot.features.songs.service import SongService
from bot.soundverse import JobState, LyricsSection, SongRequest, SoundverseClient, SoundverseError
from bot.soundverse.status import catch_up_events
from bot.store import GenerationRepository
from bot.store.generations import SongDetail
from bot.store.records import Origin

log = logging.getLogger(__name__)


StartJam = Callable[[discord.Interaction, SongDetail], Awaitable[None]]


class ResultActions:
    def __init__(
        self,
        songs: SongService,
        generations: GenerationRepository,
        client: SoundverseClient,
        start_jam: StartJam,
    ) -> None:
        self._songs = songs
        self._generations = generations
        self._client = client
        self._start_jam = start_jam  # the /jam feature's, given by the app

    async def clicked(self, interaction: discord.Interaction, action: Action, song_id: int) -> None:
        if action is Action.CANCEL:  # from memory: the queue knows its songs, no read needed
            await self._songs.waiting.cancel(interaction, song_id)
            return
        song = await self._generations.song(interaction.guild_id or 0, song_id)
        if song is None:
            await reply_privately(interaction, texts.GONE)
        elif action is Action.REGENERATE:
            await self._regenerate(interaction, song)
        elif action is Action.REMIX:
            await self._open_remix(interaction, song)
        elif action is Action.LYRICS:
            await self._lyrics(interaction, song)
        elif action is Action.JAM:
            await self._jam(interaction, song)
        else:
            await self._delete_step(interaction, song, action)

    async def remix_submitted(self, interaction: discord.Interaction, form: RemixForm) -> None:
        await self._remix(interaction, form)

    # --- Regenerate and Remix ------------------------------------------------------------

    async def _regenerate(self, interaction: discord.Interaction, song: SongDetail) -> None:
        request = _stored_request(song)
        if request is None:
            await reply_privately(interaction, texts.NO_REQUEST)
            return
        card = _card(interaction, request, song, Lineage(Origin.REGENERATE, *_named(song)))
        await self._songs.begin(
            interaction, request, card, parent_id=song.record.id, origin=Origin.REGENERATE
        )

    async def _open_remix(self, interaction: discord.Interaction, song: SongDetail) -> None:
        if not song.audio_urls:
            await reply_privately(interaction, texts.NOT_FINISHED)
            return
        await interaction.response.send_modal(remix_modal(song))

    async def _remix(self, interaction: discord.Interaction, form: RemixForm) -> None:
        song = await self._generations.song(interaction.guild_id or 0, form.song_id)
        if song is None:
            await reply_privately(interaction, texts.GONE)
            return
        audio_url = song.audio_urls.get(form.version or 0)
        if audio_url is None:
            await reply_privately(interaction, texts.VERSION_GONE)
            return
        stored = _stored_request(song)
        others = [  # the chosen version takes the place of any reference audio
            (name.removesuffix("_url"), url)
            for name, url in (stored.audio_urls if stored else {}).items()
            if name != "reference_url"
        ]
        inputs = SongInputs(
            prompt=form.prompt, lyrics=form.lyrics, urls=(("reference", audio_url), *others)
        )
        try:
            request = build_request(inputs)
        except InputProblem as problem:
            await reply_privately(interaction, problem.message)
            return
        lineage = Lineage(Origin.REMIX, *_named(song), version=form.version)
        card = _card(interaction, request, song, lineage)
        if request.lyrics:
            card = dataclasses.replace(card, lyrics_source="written in the form")
        await self._songs.begin(
            interaction, request, card, parent_id=song.record.id, origin=Origin.REMIX
        )

    # --- Lyrics --------------------------------------------------------------------------

    async def _lyrics(self, interaction: discord.Interaction, song: SongDetail) -> None:
        sections = song.lyrics
        if sections is None:  # recorded before lyrics were kept: ask the API
            await interaction.response.defer(ephemeral=True, thinking=True)
            sections = await self._lyrics_from_api(song)
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

    async def _lyrics_from_api(self, song: SongDetail) -> list[LyricsSection]:
        if song.record.job_id is None:
            return []
        try:
            snapshot = await self._client.status(song.record.job_id)
        except SoundverseError as exc:
            log.info("no lyrics from the API for song %s: %s", song.record.id, exc)
            return []
        state = JobState(job_id=song.record.job_id)
        for event in catch_up_events(snapshot, state):
            state.apply(event)
        return state.lyrics_sections

    async def _jam(self, interaction: discord.Interaction, song: SongDetail) -> None:
        if not song.lyrics:
            await reply_privately(interaction, texts.NO_LYRICS)
            return
        await self._start_jam(interaction, song)

    # --- Delete --------------------------------------------------------------------------

    async def _delete_step(
        self, interaction: discord.Interaction, song: SongDetail, action: Action
    ) -> None:
        name = song_name(song.record.song_name)
        if action is Action.KEEP:
            await interaction.response.edit_message(content=texts.KEPT, view=None)
            return
        if song.record.deleted:
            await reply_privately(interaction, texts.ALREADY_DELETED)
            return
        if not _may_delete(interaction, song):
            await reply_privately(interaction, texts.NOT_YOURS)
            return
        if action is Action.DELETE:
            words = members_words(interaction)  # a private question: the member's words
            await interaction.response.send_message(
                say(words, texts.confirm_delete(name)),
                view=view_for(ButtonRow(song.record.id, CONFIRM, words)), ephemeral=True,
                allowed_mentions=NO_PINGS,
            )  # fmt: skip
            return
        await interaction.response.defer()  # deleting may wait on Discord's rate limits
        failed = 0
        for channel_id, message_id in await self._generations.messages(song.record.id):
            message = interaction.client.get_partial_messageable(channel_id)
            try:
                with contextlib.suppress(discord.NotFound):  # gone already
                    await message.get_partial_message(message_id).delete()
            except discord.HTTPException as exc:
                log.info(
                    "could not delete message %s of song %s: %s", message_id, song.record.id, exc
                )
                failed += 1
        await self._generations.mark_deleted(song.record.id)
        done = say(members_words(interaction), texts.deleted(name, failed))
        await interaction.edit_original_response(content=done, view=None)


def _stored_request(song: SongDetail) -> SongRequest | None:
    if not song.request:
        return None
    try:
        return SongRequest.model_validate_json(song.request)
    except ValidationError:
        return None


def _named(song: SongDetail) -> tuple[str | None, str | None]:
    return song.record.song_name, message_link(song.record)


def _card(
    interaction: discord.Interaction, request: SongRequest, song: SongDetail, lineage: Lineage
) -> SongCard:
    source = song.record.lyrics_source if request.lyrics else "generated"
    return SongCard(
        interaction.user.display_name, request.prompt, source, lineage=lineage,
        words=servers_words(interaction),
    )  # fmt: skip


def _may_delete(interaction: discord.Interaction, song: SongDetail) -> bool:
    """The member who made the song, or a moderator (Manage Messages or Manage Server)."""
    return interaction.user.id == song.record.user_id or is_moderator(interaction)
