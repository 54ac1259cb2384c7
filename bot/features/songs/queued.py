"""One song from the moment it has a slot to the moment it reaches the API: its ticket in the
queue, its message, and its job, started when the queue says so.

The song is submitted with no retries of the client's own: when the API limits the key, is
down, or is out of balance before it has taken the job, the song goes back to its place in
line and the queue pauses for everyone (:mod:`.queue.gate`), instead of one retry loop per
song. After a bounded number of tries it ends with the usual friendly reply.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from bot.core.errors import DatabaseUnavailable
from bot.features.songs.card import SongCard
from bot.features.songs.job import SentBack, SongJob
from bot.features.songs.queue.gate import Why
from bot.features.songs.queue.line import SongQueue
from bot.features.songs.queue.order import Place
from bot.features.songs.queue.render import Standing, queued_screen
from bot.features.songs.queue.ticket import Ticket
from bot.features.songs.recorder import until_written
from bot.soundverse import (
    AuthenticationError,
    ClientEvent,
    InsufficientBalanceError,
    InvalidRequestError,
    JobState,
    RateLimitedError,
    ServiceUnavailableError,
    SongRequest,
    SoundverseClient,
)
from bot.store import GenerationRepository

log = logging.getLogger(__name__)

Spawn = Callable[[Coroutine[Any, Any, None], str], None]
MAX_RETRY_AFTER = 3600.0  # seconds; a longer Retry-After ends the song with the friendly reply


@dataclass(frozen=True, slots=True)
class Submission:
    """What every song in line shares: the API, the records, the queue, and the tries."""

    client: SoundverseClient
    generations: GenerationRepository
    queue: SongQueue
    spawn: Spawn
    max_tries: int  # tries at the API while it limits the key or is down


class SongInLine:
    def __init__(
        self,
        parts: Submission,
        place: Place,
        request: SongRequest,
        card: SongCard,
        *,
        tries: int = 0,
        on_start: Callable[[int], None] = lambda _song_id: None,
    ) -> None:
        self._parts = parts
        self.request = request
        self.card = card
        self.ticket = Ticket(place, self._show, self._start, tries)
        self._on_start = on_start
        self._posted = asyncio.Event()
        self._claim: asyncio.Future[bool] | None = None
        self.job: SongJob | None = None
        self._unshown: Standing | None = None
        self._cancelled: str | None = None  # cancelled before its message was posted: why

    @property
    def song_id(self) -> int:
        return self.ticket.place.song_id

    def attach(self, job: SongJob) -> None:
        """The song's message exists now, and the job that shows it."""
        self.job = job
        self._posted.set()
        if self._cancelled is not None:  # a Cancel came first: the message says so at once
            self._parts.spawn(job.cancelled(self._cancelled), f"cancelled-{self.song_id}")
        elif self._unshown is not None:
            self._show(self._unshown)

    async def cancelled(self, text: str) -> None:
        """Taken out of the line before its turn: its message says so, now or as soon as it
        is posted (a member may click Cancel before the bot has noted the message)."""
        if self.job is None:
            self._cancelled = text
            return
        await self.job.cancelled(text)

    def never_posted(self) -> None:
        """The song's message could not be posted: the song will not run here (its task, if
        its turn came already, ends instead of waiting for the message)."""
        self._posted.set()

    def _show(self, standing: Standing) -> None:
        if self.job is None:
            self._unshown = standing
            return
        self.job.wait_in_line(queued_screen(self.card, standing))

    def _start(self) -> None:
        self._on_start(self.song_id)
        # Out of the queue in the database at once, so a member's next song counts this one
        # as running, not waiting.
        self._claim = asyncio.ensure_future(self._parts.generations.claim(self.song_id))
        self._parts.spawn(self._go(self._claim), f"song-{self.song_id}")

    async def claimed(self) -> None:
        """Wait until the database knows the song left the queue (when it did)."""
        if self._claim is not None:
            await asyncio.shield(self._claim)

    async def _go(self, claim: asyncio.Future[bool]) -> None:
        queue = self._parts.queue
        sent_back = False
        seconds: float | None = None
        try:
            if not await self._claimed(claim):  # cancelled, or started elsewhere, meanwhile
                return
            await self._posted.wait()
            if self.job is None:  # its message could not be posted
                return
            began = time.monotonic()
            try:
                await self.job.run(JobState(), self._submit)
            except SentBack:
                sent_back = True
                return
            if self.job.state.done:
                seconds = time.monotonic() - began
        finally:
            if not sent_back:
                queue.finished(self.song_id, seconds)

    async def _claimed(self, claim: asyncio.Future[bool]) -> bool:
        """The claim's answer; tried again until the database is back if it was away (the
        song holds its lease meanwhile, so no other process starts it)."""
        try:
            return await claim
        except DatabaseUnavailable:
            generations = self._parts.generations
            return await until_written(lambda: generations.claim(self.song_id),
                                       f"song {self.song_id} out of the queue")  # fmt: skip

    async def _submit(self, _state: JobState) -> AsyncIterator[ClientEvent]:
        """The API's events for this song; a song the API won't take yet goes back in line."""
        queue = self._parts.queue
        taken = False
        try:
            async for event in self._parts.client.generate(self.request):
                if not taken and getattr(event, "job_id", None):
                    taken = True
                    queue.taken(self.song_id)
                yield event
        except (RateLimitedError, ServiceUnavailableError, InsufficientBalanceError) as exc:
            if taken or (self.job is not None and self.job.state.job_id is not None):
                raise  # the job exists: it is followed, never posted again
            why, retry_after = _why(exc)
            if why is not Why.NO_BALANCE and (
                self.ticket.tries >= self._parts.max_tries
                or (retry_after is not None and retry_after > MAX_RETRY_AFTER)
            ):
                queue.refused(self.song_id, why, retry_after)
                raise  # tried enough: the friendly reply
            generations = self._parts.generations
            await until_written(lambda: generations.send_back(self.song_id),
                                f"song {self.song_id} back in the queue")  # fmt: skip
            queue.sent_back(self.ticket, why, retry_after)
            raise SentBack from exc
        except (InvalidRequestError, AuthenticationError):
            queue.taken(self.song_id)  # the API answered: it is up
            raise


def _why(exc: Exception) -> tuple[Why, float | None]:
    if isinstance(exc, RateLimitedError):
        return Why.RATE_LIMITED, exc.retry_after
    if isinstance(exc, InsufficientBalanceError):
        return Why.NO_BALANCE, None
    return Why.UNAVAILABLE, None
