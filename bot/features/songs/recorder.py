"""Writing a song's life into its usage row, from the first event to the delivered message.

Nothing the song owes its row is dropped because the database is out of reach for a while
(a restart, a failover): each write is tried again, less and less often, until it lands; only
stopping the song (a clean stop, or another process taking it over) gives it up. The song goes
on meanwhile; the lease keeper (:mod:`.takeover`) makes sure no other process takes it before
this one has written what it owes.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from bot.core.errors import DatabaseUnavailable
from bot.core.metrics import Metrics
from bot.soundverse import JobState, Stage
from bot.store import GenerationRepository

log = logging.getLogger("songbot.songs")
T = TypeVar("T")
FIRST_RETRY, LAST_RETRY = 0.2, 2.0  # seconds between tries while the database is away


async def until_written(write: Callable[[], Awaitable[T]], what: str) -> T:
    """``write()``, tried again while the database is out of reach, until it lands."""
    delay = FIRST_RETRY
    while True:
        try:
            result = await write()
        except DatabaseUnavailable as exc:
            if delay == FIRST_RETRY:
                log.warning("could not write %s (%s); trying again until the database is back",
                            what, exc)  # fmt: skip
            # spread out, so hundreds of songs do not all knock at once when it comes back
            await asyncio.sleep(random.uniform(delay / 2, delay))  # noqa: S311 - not a secret
            delay = min(delay * 2, LAST_RETRY)
            continue
        if delay != FIRST_RETRY:
            log.info("wrote %s, once the database was back", what)
        return result


class Recorder:
    """Writes a job's life into its usage row: once per stage, and its end exactly once.

    The job id is written before the song goes on (a restart needs it to find the job);
    the stages are written in the background, in order, so a busy database never holds up
    the song. Every write waits out an outage of the database. The last stage (every version
    completed) is written only if the song fails after it: the completion's write, which
    follows it, records the stage 'done' (a write and a history row fewer per song).
    """

    def __init__(
        self,
        generations: GenerationRepository,
        generation_id: int,
        job_id: str | None = None,
        *,
        who: tuple[int, int] = (0, 0),
        metrics: Metrics | None = None,
        settled: Callable[[int], Awaitable[None]] | None = None,
    ) -> None:
        self._settled = settled  # told the server once its real tokens count (budgets)
        self._metrics = metrics
        self._generations = generations
        self._id = generation_id
        self._job_id = job_id
        self._who = who  # (server, member), for the log
        self._began = time.monotonic()
        self._stage: Stage | None = None
        self._held: str | None = None  # the last stage, until the end tells whether to write it
        self._ended = False
        self._owed: asyncio.Future[None] | None = None  # the last background write

    async def progress(self, state: JobState) -> None:
        if state.job_id and self._job_id is None:
            self._job_id = state.job_id
            self._stage = state.stage
            await self._written()
            job_id = state.job_id
            await until_written(lambda: self._generations.started(self._id, job_id),
                                f"song {self._id}'s job id")  # fmt: skip
            if self._metrics is not None:
                self._metrics.songs_started.inc()
            log.info("song %s started: server %s, member %s, job %s", self._id, *self._who,
                     state.job_id)  # fmt: skip
        elif self._job_id is not None and state.stage != self._stage:
            self._stage = state.stage
            if self._metrics is not None:
                seconds = time.monotonic() - self._began
                self._metrics.stage_seconds.labels(state.stage.name.lower()).observe(seconds)
            stage = state.stage.name.lower()
            if state.stage is Stage.COMPLETED:
                self._held = stage
                return
            self._later(lambda: self._generations.stage(self._id, stage), f"a stage ({stage})")

    async def completed(self, state: JobState) -> None:
        self._ended = True
        await self._written()
        await until_written(lambda: self._generations.completed(self._id, state),
                            f"song {self._id}'s end")  # fmt: skip
        self._log_end("completed", state.tokens_used)
        if self._metrics is not None:
            self._metrics.songs_finished.labels("completed").inc()
        if self._settled is not None:
            await self._settled(self._who[0])

    async def failed(self, error_class: str, *, billed: bool) -> None:
        if not self._ended:
            self._ended = True
            held = self._held
            if held is not None:
                self._later(lambda: self._generations.stage(self._id, held), f"a stage ({held})")
            await self._written()
            await until_written(
                lambda: self._generations.ended_badly(self._id, error_class, billed=billed),
                f"song {self._id}'s end",
            )
            self._log_end(f"failed ({error_class}, {'billed' if billed else 'not billed'})", None)
            if self._metrics is not None:
                self._metrics.songs_finished.labels("failed" if billed else "released").inc()

    def _log_end(self, outcome: str, tokens: int | None) -> None:
        """One line per song at its end: where, who, which job, how it went, how long, cost."""
        log.info(
            "song %s %s: server %s, member %s, job %s, %.1f s, %s tokens", self._id, outcome,
            *self._who, self._job_id, time.monotonic() - self._began,
            "?" if tokens is None else tokens,
        )  # fmt: skip

    def _later(self, write: Callable[[], Awaitable[None]], what: str) -> None:
        """Write in the background, after what was written so before."""
        before = self._owed

        async def in_turn() -> None:
            if before is not None:
                await before
            await until_written(write, f"song {self._id}'s {what}")

        self._owed = asyncio.ensure_future(in_turn())

    async def _written(self) -> None:
        """What was written in the background first: the end must be the last thing written."""
        if self._owed is not None:
            await self._owed

    async def more_message(self, channel_id: int, message_id: int) -> None:
        """A follow-up that shows more of the song (Delete removes it with the song)."""
        await until_written(lambda: self._generations.add_message(self._id, channel_id,
                            message_id), f"song {self._id}'s follow-up")  # fmt: skip

    async def shown(self) -> None:
        await until_written(lambda: self._generations.shown(self._id), f"song {self._id} shown")

    async def delivered(self) -> None:
        await self._written()
        await until_written(lambda: self._generations.delivered(self._id),
                            f"song {self._id} delivered")  # fmt: skip
