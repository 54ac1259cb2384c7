"""Starting a song, whatever the front end: the limits checked and a slot taken in one
transaction, then into the queue (which starts it at once when it can). Plain values in, an
outcome out; the front end shows the song (:mod:`.responder` on Discord) and hands its
message back with :meth:`SongService.follow`. Each song runs as a
:class:`~bot.features.songs.job.SongJob`."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from bot.core.acting import Actor, Place, Refusal
from bot.core.errors import DatabaseUnavailable
from bot.core.i18n import ENGLISH
from bot.core.metrics import Metrics
from bot.features.songs.card import SongCard
from bot.features.songs.channel_edits import ChannelEdits
from bot.features.songs.delivery import MediaFetcher
from bot.features.songs.gallery_door import GalleryDoor
from bot.features.songs.live import LiveMessage
from bot.features.songs.parts import DEFAULT_FILE_LIMIT, Settled, SongConfig, SongParts, WordsIn
from bot.features.songs.queue import texts as queue_texts
from bot.features.songs.queue.line import SongQueue
from bot.features.songs.queue.order import Place as LinePlace
from bot.features.songs.queue_admin import QueueAdmin
from bot.features.songs.queued import SongInLine, Submission
from bot.features.songs.recorder import until_written
from bot.features.songs.resume import Resumption
from bot.features.songs.supervisor import Supervisor
from bot.features.songs.texts import RESTARTING_REPLY
from bot.features.songs.waiting import PolicyOf, WaitingSongs
from bot.soundverse import SongRequest, SoundverseClient
from bot.store import Ask, GenerationRepository
from bot.store.records import Origin, Policy

__all__ = ["Placed", "SongConfig", "SongOrder", "SongService"]


class Refused(Protocol):
    """Why the limits refused a song (the usage feature's ``Refusal``)."""

    @property
    def text(self) -> str: ...


@runtime_checkable
class Slot(Protocol):
    """A usage slot taken (the usage feature's ``Reserved``)."""

    @property
    def id(self) -> int: ...

    @property
    def policy(self) -> Policy: ...


Reserve = Callable[[Ask], Awaitable["Slot | Refused"]]  # a usage slot, or why not


@dataclass(frozen=True, slots=True)
class SongOrder:
    """What is asked for."""

    request: SongRequest
    card: SongCard
    parent_id: int | None = None  # the song it regenerates or remixes
    origin: Origin | None = None
    # Its message goes in this thread (a session's), not where it was asked (whose channel
    # rules apply all the same).
    thread_id: int | None = None


@dataclass(frozen=True, slots=True)
class Placed:
    """A song that has its slot and its place in line (or started at once)."""

    song: SongInLine
    started: bool  # it left the line at once (the database knows it)

    @property
    def song_id(self) -> int:
        return self.song.song_id

    @property
    def card(self) -> SongCard:
        return self.song.card


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
        gallery: GalleryDoor | None = None,
        settled: Settled | None = None,
    ) -> None:
        self.config = config
        self._gallery = gallery  # a finished song links to its page there, while it is on
        self.queue = queue
        self.waiting = WaitingSongs(queue, generations, policy_of)
        self.admin = QueueAdmin(self.waiting, generations)
        self.supervisor = Supervisor()
        self.parts = SongParts(
            generations, media, config, metrics=metrics, words_in=words_in,
            hold=self.supervisor.hold, settled=settled,
        )  # fmt: skip
        self._unposted: dict[int, SongInLine] = {}  # placed, their message not shown yet
        self._generations = generations
        self._reserve = reserve
        self._submission = Submission(
            client, generations, queue, self._spawn, max_tries=config.max_tries
        )
        self.resumption = Resumption(
            client,
            generations,
            parts=self.parts,
            submission=self._submission,
            waiting=self.waiting,
            supervisor=self.supervisor,
        )

    @property
    def accepting(self) -> bool:
        return self.supervisor.accepting

    @accepting.setter
    def accepting(self, value: bool) -> None:
        self.supervisor.accepting = value

    @property
    def channel_edits(self) -> ChannelEdits:
        """Every song's channel-route edits, per channel (a test may give its own clock)."""
        return self.parts.channel_edits

    @channel_edits.setter
    def channel_edits(self, edits: ChannelEdits) -> None:
        self.parts.channel_edits = edits

    @property
    def running(self) -> int:
        return self.supervisor.running

    async def begin(self, who: Actor, where: Place, order: SongOrder) -> Refusal | Placed:
        """A member's song, from ``/song``, a button or a session: placed in line (or started
        at once), or why not. The front end then shows it and calls :meth:`follow`, or
        :meth:`never_shown` when it could not."""
        if not self.accepting:
            return Refusal(RESTARTING_REPLY)
        ask = Ask(
            guild_id=where.guild_id,
            channel_id=order.thread_id or where.channel_id,
            rules_channel_id=where.channel_id,
            user_id=who.member_id,
            role_ids=who.role_ids,
            prompt=order.request.prompt,
            lyrics_source=order.card.lyrics_source,
            request=order.request.model_dump_json(exclude_none=True),
            requester=order.card.requester,
            parent_id=order.parent_id,
            origin=order.origin,
            locale=order.card.words.locale,
        )
        return await self._take_place(ask, order.request, order.card)

    async def _take_place(self, ask: Ask, request: SongRequest, card: SongCard) -> Placed | Refusal:
        """Check the limits, reserve a slot and join the queue: the song and whether it started
        at once (then the database knows it left the queue), or why not, for the member."""
        slot = await self._reserve(ask)
        if not isinstance(slot, Slot):
            return Refusal(slot.text)
        song = SongInLine(
            self._submission,
            LinePlace(slot.id, ask.guild_id, ask.user_id, time.time()),
            request,
            dataclasses.replace(card, song_id=slot.id, gallery=await self._gallery_url(ask)),
            on_start=self.waiting.left,
        )
        started = self.waiting.join(song, slot.policy)
        if not started and slot.policy.queue_mode == "refuse":  # no room, and no waiting here
            await self._generations.ended_badly(slot.id, "NotStarted", billed=False)
            return Refusal(queue_texts.refused_now(self.queue.pause))
        self._unposted[slot.id] = song
        if started:
            try:
                await song.claimed()
            except BaseException:
                await self.never_shown(slot.id)
                raise
        return Placed(song, started)

    async def _gallery_url(self, ask: Ask) -> str | None:
        return await self._gallery.url(ask.guild_id) if self._gallery else None

    async def attach_message(self, song_id: int, message_id: int | None) -> None:
        """The song's message is posted: recorded with the song (in the background if the
        database is away: the song goes on meanwhile, holding its lease)."""
        generations = self._generations
        await self._written(lambda: generations.attach_message(song_id, message_id),
                            f"song {song_id}'s message", song_id)  # fmt: skip

    def follow(
        self, placed: Placed, live: LiveMessage, *, file_limit: int = DEFAULT_FILE_LIMIT
    ) -> None:
        """The song's message is shown (just now: that counts as its last edit, for the
        pacing); its job follows the song there from now on."""
        self._unposted.pop(placed.song_id, None)
        where = placed.song.ticket.place
        record = self.parts.recorder(placed.song_id, (where.guild_id, where.user_id))
        job = self.parts.job(live, placed.card, record, file_limit=file_limit)
        job.posted()
        placed.song.attach(job)

    async def never_shown(self, song_id: int) -> None:
        """A song whose message could not be posted: out of the queue, its task (if its turn
        came) ended, its slot given back (in the background if the database is away)."""
        song = self._unposted.pop(song_id, None)
        if song is not None:
            song.never_posted()
        self.waiting.forget(song_id)
        generations = self._generations
        await self._written(
            lambda: generations.ended_badly(song_id, "NotStarted", billed=False),
            f"song {song_id}'s slot given back", song_id,
        )  # fmt: skip

    async def _written(self, write: Callable[[], Awaitable[None]], what: str, song_id: int) -> None:
        """``write()`` now, or, while the database is away, as a task of the song's that
        tries until it lands (the song's lease is kept meanwhile, so no other process acts)."""
        try:
            await write()
        except DatabaseUnavailable:
            self._spawn(until_written(write, what), f"song-{song_id}")

    def _spawn(self, work: Coroutine[Any, Any, None], name: str) -> None:
        self.supervisor.spawn(work, name=name)

    async def wait_idle(self) -> None:
        """Wait for every running song (for tests and for a graceful stop)."""
        await self.supervisor.wait_idle()

    async def stop(self) -> None:
        """Take no new songs; running ones keep their state and continue after a restart, and
        waiting ones keep their place in line."""
        self.waiting.close()
        await self.supervisor.stop()
        await self.channel_edits.close()
