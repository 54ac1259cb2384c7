"""The /song feature's service: starts each song on its message, picks songs up after a
restart, and posts finished songs again. Each song runs as a :class:`SongJob`."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

import discord

from bot.core.metrics import Metrics
from bot.core.replies import reply_privately
from bot.features.songs.channel_edits import ChannelEdits
from bot.features.songs.delivery import MediaFetcher
from bot.features.songs.history import message_link
from bot.features.songs.job import SongJob
from bot.features.songs.live import NO_PINGS, LiveMessage, answer_with
from bot.features.songs.recorder import Recorder
from bot.features.songs.render import (
    SongCard,
    progress_screen,
)
from bot.features.songs.repost import post_again
from bot.features.songs.results.row import Lineage
from bot.features.songs.supervisor import Supervisor
from bot.features.songs.texts import RESTARTING_REPLY
from bot.soundverse import (
    ClientEvent,
    JobState,
    SongRequest,
    SoundverseClient,
)
from bot.store import Ask, GenerationRepository
from bot.store.generations import SongRecord
from bot.store.records import Origin

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SongConfig:
    """What the song service takes from the settings (their defaults live there)."""

    edit_interval: float  # seconds between progress edits, at least
    token_lifetime: float  # Discord's interaction token lifetime
    retry_delays: tuple[float, ...]  # retries while the API is unavailable
    answer_within: float = 2.0  # seconds after /song to acknowledge it (Discord allows 3)


class Refused(Protocol):
    """Why the limits refused a song (the usage feature's ``Refusal``)."""

    @property
    def message(self) -> str: ...


Reserve = Callable[[Ask], Awaitable["int | Refused"]]  # a usage slot's id, or why not


class SongService:
    def __init__(
        self,
        client: SoundverseClient,
        media: MediaFetcher,
        generations: GenerationRepository,
        config: SongConfig,
        *,
        reserve: Reserve,
        metrics: Metrics | None = None,
    ) -> None:
        self._client = client
        self._metrics = metrics
        self._media = media
        self._generations = generations
        self._reserve = reserve
        self.config = config
        self.supervisor = Supervisor()
        self.channel_edits = ChannelEdits()  # every song's channel-route edits, per channel

    @property
    def accepting(self) -> bool:
        return self.supervisor.accepting

    @accepting.setter
    def accepting(self, value: bool) -> None:
        self.supervisor.accepting = value

    @property
    def running(self) -> int:
        return self.supervisor.running

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
        """A member's song, from ``/song`` or a button: the limits checked and a slot taken in
        one transaction, then :meth:`start`; or the member told privately why not.

        With ``place`` (a session's thread) the song's message is posted there instead of
        answering the interaction, and the member is told privately where it is; the channel
        rules are those of the interaction's channel.
        """
        if not self.accepting:
            await reply_privately(interaction, RESTARTING_REPLY)
            return
        ask = Ask(
            guild_id=interaction.guild_id or 0,
            channel_id=place.id if place is not None else interaction.channel_id or 0,
            rules_channel_id=interaction.channel_id,
            user_id=interaction.user.id,
            role_ids=frozenset(role.id for role in getattr(interaction.user, "roles", [])),
            prompt=request.prompt,
            lyrics_source=card.lyrics_source,
            request=request.model_dump_json(exclude_none=True),
            requester=card.requester,
            parent_id=parent_id,
            origin=origin,
        )
        slot = await self._reserve_in_time(interaction, ask, privately=place is not None)
        if not isinstance(slot, int):
            if interaction.response.is_done() and place is None:  # "thinking…" goes away
                await interaction.delete_original_response()
            await reply_privately(interaction, slot.message)
            return
        card = dataclasses.replace(card, song_id=slot)
        if place is not None:
            await self._start_in(place, interaction, request, card, slot)
        else:
            await self.start(interaction, request, card, slot)

    async def _start_in(
        self,
        place: discord.Thread,
        interaction: discord.Interaction,
        request: SongRequest,
        card: SongCard,
        generation_id: int,
    ) -> None:
        """Post the job's first screen in ``place`` and follow the job there, through the
        channel (no interaction token to run out)."""
        try:
            message = await place.send(
                embeds=list(progress_screen(JobState(), card).embeds), allowed_mentions=NO_PINGS
            )
        except BaseException:
            await self._generations.ended_badly(generation_id, "NotStarted", billed=False)
            raise
        await self._generations.attach_message(generation_id, message.id)
        await reply_privately(interaction, f"🎵 Making the song: {message.jump_url}")
        live = LiveMessage(
            None, message.id, channel=place, token_lifetime=self.config.token_lifetime,
            channel_edits=self.channel_edits,
        )  # fmt: skip
        who = (interaction.guild_id or 0, interaction.user.id)
        self._run(live, card, generation_id, request, who, file_limit=interaction.filesize_limit)

    async def _reserve_in_time(
        self, interaction: discord.Interaction, ask: Ask, *, privately: bool = False
    ) -> int | Refused:
        """Check the limits and reserve a slot. Discord drops an interaction that is not
        answered within 3 seconds, so when that takes long (a very busy bot) the interaction
        is acknowledged first ("songbot is thinking…")."""
        reserving = asyncio.ensure_future(self._reserve(ask))
        age = (discord.utils.utcnow() - interaction.created_at).total_seconds()
        wait = max(0.0, self.config.answer_within - age)
        done, _ = await asyncio.wait({reserving}, timeout=wait)
        if not done:
            try:
                await interaction.response.defer(thinking=True, ephemeral=privately)
            except BaseException:
                slot = await reserving
                if isinstance(slot, int):
                    await self._generations.ended_badly(slot, "NotStarted", billed=False)
                raise
        return await reserving

    async def start(
        self,
        interaction: discord.Interaction,
        request: SongRequest,
        card: SongCard,
        generation_id: int,
    ) -> None:
        """Answer the interaction with the job's first screen and follow the job in a task.

        ``generation_id`` is the reserved usage slot; it is recorded to the end, or given back.
        """
        first = progress_screen(JobState(), card)
        try:
            message_id = await answer_with(interaction, first)
        except BaseException:
            await self._generations.ended_badly(generation_id, "NotStarted", billed=False)
            raise
        await self._generations.attach_message(generation_id, message_id)
        live = LiveMessage(
            interaction, message_id, channel=None,
            token_lifetime=self.config.token_lifetime, channel_edits=self.channel_edits,
        )  # fmt: skip
        who = (interaction.guild_id or 0, interaction.user.id)
        self._run(live, card, generation_id, request, who, file_limit=interaction.filesize_limit)

    def _run(
        self,
        live: LiveMessage,
        card: SongCard,
        generation_id: int,
        request: SongRequest,
        who: tuple[int, int],
        *,
        file_limit: int,
    ) -> None:
        """Submit the request and follow its job on ``live``, in a supervised task."""
        record = Recorder(self._generations, generation_id, who=who, metrics=self._metrics)
        delays = self.config.retry_delays

        def submitted(_state: JobState) -> AsyncIterator[ClientEvent]:
            return self._client.generate(request, retry_delays=delays)  # posted once at most

        job = self._job(live, card, record, file_limit=file_limit)
        self.supervisor.spawn(job.run(JobState(), submitted), name=f"song-{generation_id}")

    async def resume_unfinished(self, channel_for: Callable[[int], discord.abc.Messageable]) -> int:
        """Pick up every song a previous run left unfinished; returns how many."""
        unfinished = await self._generations.unfinished()
        for song in unfinished:
            live = LiveMessage(
                None, song.message_id, channel=channel_for(song.channel_id),
                token_lifetime=self.config.token_lifetime, channel_edits=self.channel_edits,
            )  # fmt: skip
            card = SongCard(
                song.requester or "someone", song.prompt, song.lyrics_source, song_id=song.id,
                lineage=await self._lineage(song),
            )  # fmt: skip
            record = Recorder(
                self._generations, song.id, job_id=song.job_id, who=(song.guild_id, song.user_id),
                metrics=self._metrics,
            )  # fmt: skip
            job = self._job(live, card, record, file_limit=DEFAULT_FILE_LIMIT)
            if song.job_id is None:
                self.supervisor.spawn(job.interrupted(), name=f"song-{song.id}")
                continue
            log.info("picking up song %s (job %s) after a restart", song.id, song.job_id)
            state = JobState(job_id=song.job_id)
            self.supervisor.spawn(job.run(state, self._followed), name=f"song-{song.id}")
        return len(unfinished)

    async def show_again(
        self, interaction: discord.Interaction, job_id: str, card: SongCard
    ) -> None:
        """Post a finished song's full result message anew (``/songs show``)."""
        await post_again(
            interaction, self._client, self._media, job_id, card, generations=self._generations
        )

    async def _lineage(self, song: SongRecord) -> Lineage | None:
        """What a song picked up after a restart regenerates or remixes, to show it again."""
        if song.origin is None or song.parent_id is None:
            return None
        parent = await self._generations.song(song.guild_id, song.parent_id)
        link = message_link(parent.record) if parent is not None else None
        return Lineage(song.origin, song.parent_name, link)

    def _followed(self, state: JobState) -> AsyncIterator[ClientEvent]:
        """A known job's events by status. The client folds them into a state of its own
        (to know what is new), so the caller folds each event into ``state`` exactly once."""
        return self._client.follow(JobState(job_id=state.job_id))

    async def wait_idle(self) -> None:
        """Wait for every running song (for tests and for a graceful stop)."""
        await self.supervisor.wait_idle()

    async def stop(self) -> None:
        """Take no new songs; running ones keep their state and continue after a restart."""
        await self.supervisor.stop()
        await self.channel_edits.close()

    def _job(
        self, live: LiveMessage, card: SongCard, record: Recorder, *, file_limit: int
    ) -> SongJob:
        lag = self._metrics.edit_lag.observe if self._metrics is not None else None
        return SongJob(
            live, card, record, media=self._media, edit_interval=self.config.edit_interval,
            file_limit=file_limit, lag=lag,
        )  # fmt: skip


DEFAULT_FILE_LIMIT = 10 * 1024 * 1024  # Discord's upload limit where the server has no boost
