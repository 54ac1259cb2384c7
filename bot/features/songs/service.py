"""The /song feature's service: starts each song on its message, picks songs up after a
restart, and posts finished songs again. Each song runs as a :class:`SongJob`."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Coroutine
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import discord

from bot.core.i18n import ENGLISH, Said, Words
from bot.core.metrics import Metrics
from bot.core.replies import reply_privately
from bot.features.songs.channel_edits import ChannelEdits
from bot.features.songs.delivery import MediaFetcher
from bot.features.songs.history import message_link
from bot.features.songs.job import SongJob
from bot.features.songs.live import NO_PINGS, LiveMessage, answer_with
from bot.features.songs.queue import texts as queue_texts
from bot.features.songs.queue.line import SongQueue
from bot.features.songs.queue.order import Place
from bot.features.songs.queue.render import queued_screen
from bot.features.songs.queued import SongInLine, Submission
from bot.features.songs.recorder import Recorder
from bot.features.songs.render import Screen, SongCard, progress_screen
from bot.features.songs.repost import post_again
from bot.features.songs.results.buttons import view_for
from bot.features.songs.results.row import Lineage
from bot.features.songs.supervisor import Supervisor
from bot.features.songs.texts import RESTARTING_REPLY
from bot.features.songs.waiting import PolicyOf, WaitingSongs
from bot.soundverse import (
    ClientEvent,
    JobState,
    SongRequest,
    SoundverseClient,
)
from bot.store import Ask, GenerationRepository
from bot.store.generations import SongRecord
from bot.store.records import Origin, Policy

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SongConfig:
    """What the song service takes from the settings (their defaults live there)."""

    edit_interval: float  # seconds between progress edits, at least
    token_lifetime: float  # Discord's interaction token lifetime
    retry_delays: tuple[float, ...]  # retries while the API is unavailable
    answer_within: float = 2.0  # seconds after /song to acknowledge it (Discord allows 3)

    @property
    def max_tries(self) -> int:
        """Tries at the API per song while it limits the key or is down."""
        return len(self.retry_delays) + 1


class Refused(Protocol):
    """Why the limits refused a song (the usage feature's ``Refusal``)."""

    @property
    def message(self) -> str: ...


@runtime_checkable
class Slot(Protocol):
    """A usage slot taken (the usage feature's ``Reserved``)."""

    @property
    def id(self) -> int: ...

    @property
    def policy(self) -> Policy: ...


Reserve = Callable[[Ask], Awaitable["Slot | Refused"]]  # a usage slot, or why not
WordsIn = Callable[[str | None], Words]  # a locale's words


class SongService:
    def __init__(
        self,
        client: SoundverseClient,
        media: MediaFetcher,
        generations: GenerationRepository,
        config: SongConfig,
        *,
        reserve: Reserve,
        policy_of: PolicyOf,
        queue: SongQueue,
        metrics: Metrics | None = None,
        words_in: WordsIn = lambda _locale: ENGLISH,
    ) -> None:
        self._client = client
        self._words_in = words_in  # a locale's words, for songs picked up after a restart
        self.queue = queue
        self.waiting = WaitingSongs(queue, generations, policy_of)
        self._metrics = metrics
        self._media = media
        self._generations = generations
        self._reserve = reserve
        self.config = config
        self.supervisor = Supervisor()
        self.channel_edits = ChannelEdits()  # every song's channel-route edits, per channel
        self._submission = Submission(
            client, generations, queue, self._spawn, max_tries=config.max_tries
        )

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
        one transaction, then into the queue (which starts it at once when it can); or the
        member told privately why not.

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
            locale=card.words.locale,
        )
        entry = await self._in_time(
            interaction, self._take_place(ask, request, card), privately=place is not None
        )
        if isinstance(entry, str):
            await self._refuse(interaction, entry, thinking=place is None)
            return
        song, started = entry
        slot_id, card = song.song_id, song.card
        standing = None if started else self.queue.standing(slot_id)
        first = progress_screen(JobState(), card) if standing is None else (
            queued_screen(card, standing)
        )  # fmt: skip
        try:
            if place is not None:
                live = await self._post_in(place, interaction, first, slot_id)
            else:
                message_id = await answer_with(interaction, first)
                live = LiveMessage(
                    interaction, message_id, channel=None,
                    token_lifetime=self.config.token_lifetime, channel_edits=self.channel_edits,
                )  # fmt: skip
                await self._generations.attach_message(slot_id, message_id)
        except BaseException:
            await self._never_shown(slot_id)
            raise
        record = self._recorder(slot_id, (ask.guild_id, ask.user_id))
        song.attach(self._job(live, card, record, file_limit=interaction.filesize_limit))

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
        await self._generations.attach_message(song_id, message.id)
        if first.waiting:
            said = Said("🎵 The song is in the queue: {link}", link=message.jump_url)
        else:
            said = Said("🎵 Making the song: {link}", link=message.jump_url)
        await reply_privately(interaction, said)
        return LiveMessage(
            None, message.id, channel=place, token_lifetime=self.config.token_lifetime,
            channel_edits=self.channel_edits,
        )  # fmt: skip

    async def _take_place(
        self, ask: Ask, request: SongRequest, card: SongCard
    ) -> tuple[SongInLine, bool] | str:
        """Check the limits, reserve a slot and join the queue: the song and whether it started
        at once (then the database knows it left the queue), or why not, for the member."""
        slot = await self._reserve(ask)
        if not isinstance(slot, Slot):
            return slot.message
        song = SongInLine(
            self._submission, Place(slot.id, ask.guild_id, ask.user_id, time.time()), request,
            dataclasses.replace(card, song_id=slot.id), on_start=self.waiting.left,
        )  # fmt: skip
        started = self.waiting.join(song, slot.policy)
        if not started and slot.policy.queue_mode == "refuse":  # no room, and no waiting here
            await self._generations.ended_badly(slot.id, "NotStarted", billed=False)
            return queue_texts.refused_now(self.queue.pause)
        if started:
            await song.claimed()
        return song, started

    async def _in_time(
        self,
        interaction: discord.Interaction,
        taking: Coroutine[Any, Any, tuple[SongInLine, bool] | str],
        *,
        privately: bool,
    ) -> tuple[SongInLine, bool] | str:
        """Discord drops an interaction that is not answered within 3 seconds, so when taking
        the song's place takes long (a very busy bot) the interaction is acknowledged first
        ("songbot is thinking…")."""
        task = asyncio.ensure_future(taking)
        age = (discord.utils.utcnow() - interaction.created_at).total_seconds()
        done, _ = await asyncio.wait({task}, timeout=max(0.0, self.config.answer_within - age))
        if not done:
            try:
                await interaction.response.defer(thinking=True, ephemeral=privately)
            except BaseException:
                entry = await task
                if not isinstance(entry, str):
                    await self._never_shown(entry[0].song_id)
                raise
        return await task

    async def _never_shown(self, song_id: int) -> None:
        """A song whose message could not be posted: out of the queue, its slot given back."""
        self.waiting.forget(song_id)
        await self._generations.ended_badly(song_id, "NotStarted", billed=False)

    def _spawn(self, work: Coroutine[Any, Any, None], name: str) -> None:
        self.supervisor.spawn(work, name=name)

    def _recorder(self, song_id: int, who: tuple[int, int], job_id: str | None = None) -> Recorder:
        return Recorder(self._generations, song_id, job_id=job_id, who=who, metrics=self._metrics)

    async def resume_unfinished(
        self,
        channel_for: Callable[[int], discord.abc.Messageable],
        taken: Collection[int],
        *,
        starting: bool = True,
    ) -> int:
        """Pick up the songs of ``taken`` (this process now holds their leases) that a stopped
        run left unfinished, and put the waiting ones back in line in the same order; returns
        how many. At the start, the queue's estimates and turns are picked up too."""
        unfinished = [s for s in await self._generations.unfinished() if s.id in taken]
        for song in unfinished:
            live = LiveMessage(
                None, song.message_id, channel=channel_for(song.channel_id),
                token_lifetime=self.config.token_lifetime, channel_edits=self.channel_edits,
            )  # fmt: skip
            card = await self._card_of(song)
            record = self._recorder(song.id, (song.guild_id, song.user_id), song.job_id)
            job = self._job(live, card, record, file_limit=DEFAULT_FILE_LIMIT)
            if song.job_id is None:
                self.supervisor.spawn(job.interrupted(), name=f"song-{song.id}")
                continue
            log.info("picking up song %s (job %s)", song.id, song.job_id)
            place = Place(song.id, song.guild_id, song.user_id, song.created_at)
            self.queue.adopt(place)
            state = JobState(job_id=song.job_id)
            shown, extras = await self._generations.shown_so_far(song.id)
            job.posted_before(shown=shown, extras=extras)
            self.supervisor.spawn(self._followed_to_end(job, state, place), name=f"song-{song.id}")
        if starting:
            await self._pick_up_turns()
        return len(unfinished) + await self._back_in_line(channel_for, taken)

    async def _pick_up_turns(self) -> None:
        newest_first = await self._generations.recent_durations()
        self.queue.remember(reversed(newest_first))  # estimates from the first minute on
        served = sorted(await self._generations.last_served(), key=lambda row: row[2])
        for guild_id, user_id, _at in served:  # the newest last: the server served last
            self.queue.cursor.served(Place(0, guild_id, user_id, 0.0))

    async def _back_in_line(
        self, channel_for: Callable[[int], discord.abc.Messageable], taken: Collection[int]
    ) -> int:
        waiting = [e for e in await self._generations.waiting() if e.record.id in taken]
        policies: dict[int, Policy] = {}
        back = 0
        for entry in waiting:
            song = entry.record
            if song.message_id is None:  # stopped before its message was posted
                await self._generations.ended_badly(song.id, "NotStarted", billed=False)
                continue
            if song.guild_id not in policies:
                policies[song.guild_id] = await self.waiting.policy(song.guild_id)
            request = SongRequest.model_validate_json(entry.request or "{}")
            card = await self._card_of(song)
            in_line = SongInLine(
                self._submission, Place(song.id, song.guild_id, song.user_id, entry.queued_at),
                request, card, tries=entry.tries, on_start=self.waiting.left,
            )  # fmt: skip
            live = LiveMessage(
                None, song.message_id, channel=channel_for(song.channel_id),
                token_lifetime=self.config.token_lifetime, channel_edits=self.channel_edits,
            )  # fmt: skip
            record = self._recorder(song.id, (song.guild_id, song.user_id))
            in_line.attach(self._job(live, card, record, file_limit=DEFAULT_FILE_LIMIT))
            self.waiting.join(in_line, policies[song.guild_id])
            back += 1
        if back:
            log.info("%d songs back in the queue", back)
            self.queue.refresh()
        return back

    async def _card_of(self, song: SongRecord) -> SongCard:
        return SongCard(
            song.requester or "someone", song.prompt, song.lyrics_source, song_id=song.id,
            lineage=await self._lineage(song), words=self._words_in(song.locale),
        )  # fmt: skip

    async def _followed_to_end(self, job: SongJob, state: JobState, place: Place) -> None:
        try:
            await job.run(state, self._followed)
        finally:
            self.queue.finished(place.song_id)

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
        """Take no new songs; running ones keep their state and continue after a restart, and
        waiting ones keep their place in line."""
        self.waiting.close()
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
