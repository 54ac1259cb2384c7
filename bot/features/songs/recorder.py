"""Writing a song's life into its usage row, from the first event to the delivered message."""

from __future__ import annotations

import asyncio

from bot.soundverse import JobState, Stage
from bot.store import GenerationRepository


class Recorder:
    """Writes a job's life into its usage row: once per stage, and its end exactly once.

    The job id is written before the song goes on (a restart needs it to find the job);
    stages are written in the background, so a busy database never holds up the song.
    """

    def __init__(
        self, generations: GenerationRepository, generation_id: int, job_id: str | None = None
    ) -> None:
        self._generations = generations
        self._id = generation_id
        self._job_id = job_id
        self._stage: Stage | None = None
        self._ended = False
        self._stages: list[asyncio.Task[None]] = []

    async def progress(self, state: JobState) -> None:
        if state.job_id and self._job_id is None:
            self._job_id = state.job_id
            self._stage = state.stage
            await self._generations.started(self._id, state.job_id)
        elif self._job_id is not None and state.stage != self._stage:
            self._stage = state.stage
            write = self._generations.stage(self._id, state.stage.name.lower())
            self._stages.append(asyncio.ensure_future(write))

    async def completed(self, state: JobState) -> None:
        self._ended = True
        await self._stages_written()
        await self._generations.completed(self._id, state)

    async def failed(self, error_class: str, *, billed: bool) -> None:
        if not self._ended:
            self._ended = True
            await self._stages_written()
            await self._generations.ended_badly(self._id, error_class, billed=billed)

    async def _stages_written(self) -> None:
        """Stages first: the end must be the last thing written."""
        stages, self._stages = self._stages, []
        await asyncio.gather(*stages)

    async def more_message(self, channel_id: int, message_id: int) -> None:
        """A follow-up that shows more of the song (Delete removes it with the song)."""
        await self._generations.add_message(self._id, channel_id, message_id)

    async def delivered(self) -> None:
        await self._generations.delivered(self._id)
