"""The songs' Discord adapter: turns an interaction into the song use cases' plain values, and
their outcomes into replies. Every refusal is one private sentence; every interaction is
answered within Discord's 3 seconds."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

import discord

from bot.core.acting import Refusal
from bot.core.i18n import Said
from bot.core.replies import NO_PINGS, actor_of, reply_privately, who_and_where
from bot.features.songs.card import SongCard
from bot.features.songs.delivery import MediaFetcher
from bot.features.songs.live import LiveMessage, answer_with
from bot.features.songs.queue import texts as queue_texts
from bot.features.songs.queue.render import queued_screen
from bot.features.songs.queue_admin import Cancelled, QueueAdmin
from bot.features.songs.render import Screen, progress_screen
from bot.features.songs.repost import post_again
from bot.features.songs.results.buttons import view_for
from bot.features.songs.service import Placed, SongOrder, SongService
from bot.soundverse import JobState, SongRequest, SoundverseClient
from bot.store import GenerationRepository
from bot.store.records import Origin

Outcome = Refusal | Placed


class SongResponder:
    def __init__(
        self,
        songs: SongService,
        client: SoundverseClient,
        media: MediaFetcher,
        generations: GenerationRepository,
    ) -> None:
        self._songs = songs
        self._admin: QueueAdmin = songs.admin
        self._client = client
        self._media = media
        self._generations = generations

    @property
    def accepting(self) -> bool:
        return self._songs.accepting

    async def begin(
        self,
        interaction: discord.Interaction,
        request: SongRequest,
        card: SongCard,
        *,
        parent_id: int | None = None,
        origin: Origin | None = None,
        place: discord.Thread | None = None,
    ) -> None:
        """A member's song, from ``/song`` or a button, on the interaction's message; or the
        member told privately why not.

        With ``place`` (a session's thread) the song's message is posted there instead of
        answering the interaction, and the member is told privately where it is; the channel
        rules are those of the interaction's channel.
        """
        thread_id = place.id if place is not None else None
        order = SongOrder(request, card, parent_id=parent_id, origin=origin, thread_id=thread_id)
        entry = await self._in_time(
            interaction,
            self._songs.begin(*who_and_where(interaction), order),
            privately=place is not None,
        )
        if isinstance(entry, Refusal):
            await self._refuse(interaction, entry.text, thinking=place is None)
            return
        slot_id, card = entry.song_id, entry.card
        standing = None if entry.started else self._songs.queue.standing(slot_id)
        if standing is None:
            first = progress_screen(JobState(), card)
        else:
            first = queued_screen(card, standing)
        try:
            if place is not None:
                live = await self._post_in(place, interaction, first, slot_id)
            else:
                message_id = await answer_with(interaction, first)
                live = self._songs.parts.live(message_id, interaction=interaction)
                await self._songs.attach_message(slot_id, message_id)
        except BaseException:
            await self._songs.never_shown(slot_id)
            raise
        self._songs.follow(entry, live, file_limit=interaction.filesize_limit)

    async def _refuse(self, interaction: discord.Interaction, text: str, *, thinking: bool) -> None:
        if interaction.response.is_done() and thinking:  # "thinking…" goes away
            await interaction.delete_original_response()
        await reply_privately(interaction, text)

    async def _post_in(
        self,
        place: discord.Thread,
        interaction: discord.Interaction,
        first: Screen,
        song_id: int,
    ) -> LiveMessage:
        """Post the song's first screen in ``place`` and follow it there, through the channel
        (no interaction token to run out)."""
        message = await place.send(
            embeds=list(first.embeds), view=view_for(first.buttons), allowed_mentions=NO_PINGS
        )
        await self._songs.attach_message(song_id, message.id)
        if first.waiting:
            said = Said("🎵 The song is in the queue: {link}", link=message.jump_url)
        else:
            said = Said("🎵 Making the song: {link}", link=message.jump_url)
        await reply_privately(interaction, said)
        return self._songs.parts.live(message.id, channel=place)

    async def _in_time(
        self,
        interaction: discord.Interaction,
        taking: Coroutine[Any, Any, Outcome],
        *,
        privately: bool,
    ) -> Outcome:
        """Discord drops an interaction that is not answered within 3 seconds, so when taking
        the song's place takes long (a very busy bot) the interaction is acknowledged first
        ("songbot is thinking…")."""
        task = asyncio.ensure_future(taking)
        age = (discord.utils.utcnow() - interaction.created_at).total_seconds()
        answer_within = self._songs.config.answer_within
        done, _ = await asyncio.wait({task}, timeout=max(0.0, answer_within - age))
        if not done:
            try:
                await interaction.response.defer(thinking=True, ephemeral=privately)
            except BaseException:
                entry = await task
                if isinstance(entry, Placed):
                    await self._songs.never_shown(entry.song_id)
                raise
        return await task

    async def cancel(self, interaction: discord.Interaction, song_id: int) -> None:
        """A moderator's ``/songadmin queue cancel`` (the Cancel button is a result button)."""
        who, guild_id = actor_of(interaction), interaction.guild_id or 0
        await self.cancelled(interaction, self._admin.cancel(who, guild_id, song_id))

    async def cancelled(
        self, interaction: discord.Interaction, outcome: Refusal | Cancelled
    ) -> None:
        """The member told first; then the cancel recorded and shown on the song's message."""
        if isinstance(outcome, Refusal):
            await reply_privately(interaction, outcome.text)
            return
        await reply_privately(interaction, queue_texts.CANCELLED)
        await self._admin.record_cancel(outcome)

    async def show_again(
        self, interaction: discord.Interaction, job_id: str, card: SongCard
    ) -> None:
        """Post a finished song's full result message anew (``/songs show``)."""
        await post_again(
            interaction, self._client, self._media, job_id, card, generations=self._generations
        )
