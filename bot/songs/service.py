"""Running songs: one task per job, from the first screen to the finished message."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import aiohttp
import discord

from bot.error_reporting import report_unexpected
from bot.songs.delivery import package_song
from bot.songs.live import NO_PINGS, LiveMessage
from bot.songs.pacing import EditPacer
from bot.songs.render import Screen, SongCard, failure_screen, final_screens, progress_screen
from bot.songs.texts import apology, failure_text
from bot.soundverse import (
    JobState,
    Reconnecting,
    ServiceUnavailableError,
    SongRequest,
    SoundverseClient,
    SoundverseError,
    Stage,
)
from bot.storage import GenerationRepository

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SongConfig:
    edit_interval: float = 1.5  # seconds between edits of one message, at least
    token_lifetime: float = 15 * 60.0  # Discord's interaction token lifetime
    retry_delays: tuple[float, ...] = (3.0, 10.0)  # retries while the API is unavailable


@dataclass(frozen=True, slots=True)
class Update:
    """What the live message should show next; files only with the final screen."""

    screen: Screen
    files: tuple[discord.File, ...] | None = None

    def key(self) -> object:
        names = tuple(f.filename for f in self.files) if self.files is not None else None
        return (self.screen.key(), names)


class SongService:
    def __init__(
        self,
        client: SoundverseClient,
        http: aiohttp.ClientSession,
        generations: GenerationRepository,
        config: SongConfig,
    ) -> None:
        self._client = client
        self._http = http
        self._generations = generations
        self.config = config
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def running(self) -> int:
        return len(self._tasks)

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
            callback = await interaction.response.send_message(
                embeds=list(first.embeds), allowed_mentions=NO_PINGS
            )
        except BaseException:
            await self._generations.ended_badly(generation_id, "NotStarted", billed=False)
            raise
        live = LiveMessage(
            interaction, callback.message_id, token_lifetime=self.config.token_lifetime
        )
        task = asyncio.create_task(
            self._follow(live, request, card, generation_id, file_limit=interaction.filesize_limit),
            name=f"song-{interaction.id}",
        )
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def wait_idle(self) -> None:
        """Wait for every running job (for tests and for a graceful stop)."""
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _follow(
        self,
        live: LiveMessage,
        request: SongRequest,
        card: SongCard,
        generation_id: int,
        *,
        file_limit: int,
    ) -> None:
        state = JobState()
        pacer: EditPacer[Update] = EditPacer(
            self._show(live), self.config.edit_interval, key=Update.key
        )
        record = _Recorder(self._generations, generation_id)
        try:
            await self._run_job(request, state, card, pacer, record)
            await record.completed(state)
            async with await package_song(self._http, state, file_limit=file_limit) as package:
                screens = final_screens(state, card, package.delivery)
                await pacer.finish(Update(screens[0], tuple(package.discord_files())))
            for extra in screens[1:]:
                await live.send_more(extra)
        except SoundverseError as exc:
            log.info("song job %s ended: %s", state.job_id, type(exc).__name__)
            await record.failed(type(exc).__name__, billed=exc.billed)
            await pacer.finish(Update(failure_screen(state, card, failure_text(exc))))
        except Exception as exc:  # noqa: BLE001 - every other failure gets an error id
            error_id = report_unexpected(exc, f"song job {state.job_id}")
            await record.failed(type(exc).__name__, billed=state.job_id is not None)
            await pacer.finish(Update(failure_screen(state, card, apology(error_id))))

    async def _run_job(
        self,
        request: SongRequest,
        state: JobState,
        card: SongCard,
        pacer: EditPacer[Update],
        record: _Recorder,
    ) -> None:
        delays = list(self.config.retry_delays)
        while True:
            try:
                async for event in self._client.generate(request):
                    state.apply(event)
                    await record.progress(state)
                    notice = (
                        "The connection to Soundverse dropped; reconnecting to your song…"
                        if isinstance(event, Reconnecting)
                        else None
                    )
                    pacer.offer(Update(progress_screen(state, card, notice=notice)))
            except ServiceUnavailableError:
                if state.job_id is not None or not delays:
                    raise
                delay = delays.pop(0)
                notice = f"Soundverse is busy; trying again in {delay:g} seconds…"
                pacer.offer(Update(progress_screen(state, card, notice=notice)))
                await asyncio.sleep(delay)
            else:
                return

    @staticmethod
    def _show(live: LiveMessage) -> Callable[[Update], Awaitable[None]]:
        async def show(update: Update) -> None:
            await live.show(update.screen, files=update.files)

        return show


class _Recorder:
    """Writes a job's life into its usage row: once per stage, and its end exactly once."""

    def __init__(self, generations: GenerationRepository, generation_id: int) -> None:
        self._generations = generations
        self._id = generation_id
        self._job_id: str | None = None
        self._stage: Stage | None = None
        self._ended = False

    async def progress(self, state: JobState) -> None:
        if state.job_id and self._job_id is None:
            self._job_id = state.job_id
            await self._generations.started(self._id, state.job_id)
            self._stage = state.stage
        elif self._job_id is not None and state.stage != self._stage:
            self._stage = state.stage
            await self._generations.stage(self._id, state.stage.name.lower())

    async def completed(self, state: JobState) -> None:
        self._ended = True
        await self._generations.completed(self._id, state)

    async def failed(self, error_class: str, *, billed: bool) -> None:
        if not self._ended:
            self._ended = True
            await self._generations.ended_badly(self._id, error_class, billed=billed)
