"""Writing a song's life into its usage row, from the first event to the delivered message."""

from __future__ import annotations

import asyncio
import logging
import time

from bot.core.metrics import Metrics
from bot.soundverse import JobState, Stage
from bot.store import GenerationRepository

log = logging.getLogger("songbot.songs")


class Recorder:
    """Writes a job's life into its usage row: once per stage, and its end exactly once.

    The job id is written before the song goes on (a restart needs it to find the job);
    stages are written in the background, so a busy database never holds up the song.
    """

    def __init__(
        self,
        generations: GenerationRepository,
        generation_id: int,
        job_id: str | None = None,
        *,
        who: tuple[int, int] = (0, 0),
        metrics: Metrics | None = None,
    ) -> None:
        self._metrics = metrics
        self._generations = generations
        self._id = generation_id
        self._job_id = job_id
        self._who = who  # (server, member), for the log
        self._began = time.monotonic()
        self._stage: Stage | None = None
        self._ended = False
        self._stages: list[asyncio.Task[None]] = []

    async def progress(self, state: JobState) -> None:
        if state.job_id and self._job_id is None:
            self._job_id = state.job_id
            self._stage = state.stage
            await self._generations.started(self._id, state.job_id)
            if self._metrics is not None:
                self._metrics.songs_started.inc()
            log.info("song %s started: server %s, member %s, job %s", self._id, *self._who,
                     state.job_id)  # fmt: skip
        elif self._job_id is not None and state.stage != self._stage:
            self._stage = state.stage
            if self._metrics is not None:
                seconds = time.monotonic() - self._began
                self._metrics.stage_seconds.labels(state.stage.name.lower()).observe(seconds)
            write = self._generations.stage(self._id, state.stage.name.lower())
            self._stages.append(asyncio.ensure_future(write))

    async def completed(self, state: JobState) -> None:
        self._ended = True
        await self._stages_written()
        await self._generations.completed(self._id, state)
        self._log_end("completed", state.tokens_used)
        if self._metrics is not None:
            self._metrics.songs_finished.labels("completed").inc()

    async def failed(self, error_class: str, *, billed: bool) -> None:
        if not self._ended:
            self._ended = True
            await self._stages_written()
            await self._generations.ended_badly(self._id, error_class, billed=billed)
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

    async def _stages_written(self) -> None:
        """Stages first: the end must be the last thing written."""
        stages, self._stages = self._stages, []
        await asyncio.gather(*stages)

    async def more_message(self, channel_id: int, message_id: int) -> None:
        """A follow-up that shows more of the song (Delete removes it with the song)."""
        await self._generations.add_message(self._id, channel_id, message_id)

    async def shown(self) -> None:
        await self._generations.shown(self._id)

    async def delivered(self) -> None:
        await self._generations.delivered(self._id)
