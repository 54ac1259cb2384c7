"""Songs picked up after a restart, or taken over from a process that stopped: the running
ones followed to their end on the message they were in, the waiting ones back in line in
the same order, and the queue's estimates and turns as they were."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Collection

import discord

from bot.features.songs.job import SongJob
from bot.features.songs.parts import SongParts
from bot.features.songs.queue.line import SongQueue
from bot.features.songs.queue.order import Place
from bot.features.songs.queued import SongInLine, Submission
from bot.features.songs.supervisor import Supervisor
from bot.features.songs.waiting import WaitingSongs
from bot.soundverse import ClientEvent, JobState, SongRequest, SoundverseClient
from bot.store import GenerationRepository
from bot.store.records import Policy

log = logging.getLogger(__name__)

ChannelFor = Callable[[int], discord.abc.Messageable]  # a channel by id, to edit through


class Resumption:
    def __init__(
        self,
        client: SoundverseClient,
        generations: GenerationRepository,
        *,
        parts: SongParts,
        submission: Submission,
        waiting: WaitingSongs,
        supervisor: Supervisor,
    ) -> None:
        self._client = client
        self._generations = generations
        self._parts = parts
        self._submission = submission
        self._waiting = waiting
        self._queue: SongQueue = waiting.queue
        self.supervisor = supervisor  # the running songs, which the lease keeper may stop

    def held(self) -> set[int]:
        """The songs this process runs or keeps in line: the leases it keeps."""
        return self.supervisor.song_ids() | self._waiting.song_ids()

    async def resume_unfinished(
        self, channel_for: ChannelFor, taken: Collection[int], *, starting: bool = True
    ) -> int:
        """Pick up the songs of ``taken`` (this process now holds their leases) that a stopped
        run left unfinished, and put the waiting ones back in line in the same order; returns
        how many. At the start, the queue's estimates and turns are picked up too."""
        unfinished = [s for s in await self._generations.unfinished() if s.id in taken]
        for song in unfinished:
            live = self._parts.live(song.message_id, channel=channel_for(song.channel_id))
            card = await self._parts.card_of(song)
            record = self._parts.recorder(song.id, (song.guild_id, song.user_id), song.job_id)
            job = self._parts.job(live, card, record)
            if song.job_id is None:
                self.supervisor.spawn(job.interrupted(), name=f"song-{song.id}")
                continue
            log.info("picking up song %s (job %s)", song.id, song.job_id)
            place = Place(song.id, song.guild_id, song.user_id, song.created_at)
            self._queue.adopt(place)
            state = JobState(job_id=song.job_id)
            shown, extras = await self._generations.shown_so_far(song.id)
            job.posted_before(shown=shown, extras=extras)
            self.supervisor.spawn(self._followed_to_end(job, state, place), name=f"song-{song.id}")
        if starting:
            await self._pick_up_turns()
        return len(unfinished) + await self._back_in_line(channel_for, taken)

    async def _pick_up_turns(self) -> None:
        newest_first = await self._generations.recent_durations()
        self._queue.remember(reversed(newest_first))  # estimates from the first minute on
        for guild_id, user_id, started_at in await self._generations.last_served():
            self._queue.turns.served(guild_id, user_id, started_at)

    async def _back_in_line(self, channel_for: ChannelFor, taken: Collection[int]) -> int:
        waiting = [e for e in await self._generations.waiting() if e.record.id in taken]
        policies: dict[int, Policy] = {}
        back = 0
        for entry in waiting:
            song = entry.record
            if song.message_id is None:  # stopped before its message was posted
                await self._generations.ended_badly(song.id, "NotStarted", billed=False)
                continue
            if song.guild_id not in policies:
                policies[song.guild_id] = await self._waiting.policy(song.guild_id)
            request = SongRequest.model_validate_json(entry.request or "{}")
            card = await self._parts.card_of(song)
            in_line = SongInLine(
                self._submission,
                Place(song.id, song.guild_id, song.user_id, entry.queued_at),
                request,
                card,
                tries=entry.tries,
                on_start=self._waiting.left,
            )
            live = self._parts.live(song.message_id, channel=channel_for(song.channel_id))
            record = self._parts.recorder(song.id, (song.guild_id, song.user_id))
            in_line.attach(self._parts.job(live, card, record))
            self._waiting.join(in_line, policies[song.guild_id])
            back += 1
        if back:
            log.info("%d songs back in the queue", back)
            self._queue.refresh()
        return back

    async def _followed_to_end(self, job: SongJob, state: JobState, place: Place) -> None:
        try:
            await job.run(state, self._followed)
        finally:
            self._queue.finished(place.song_id)

    def _followed(self, state: JobState) -> AsyncIterator[ClientEvent]:
        """A known job's events by status. The client folds them into a state of its own
        (to know what is new), so the caller folds each event into ``state`` exactly once."""
        return self._client.follow(JobState(job_id=state.job_id))
