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
)

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
        self, client: SoundverseClient, http: aiohttp.ClientSession, config: SongConfig
    ) -> None:
        self._client = client
        self._http = http
        self.config = config
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def running(self) -> int:
        return len(self._tasks)

    async def start(
        self, interaction: discord.Interaction, request: SongRequest, card: SongCard
    ) -> None:
        """Answer the interaction with the job's first screen and follow the job in a task."""
        first = progress_screen(JobState(), card)
        callback = await interaction.response.send_message(
            embeds=list(first.embeds), allowed_mentions=NO_PINGS
        )
        live = LiveMessage(
            interaction, callback.message_id, token_lifetime=self.config.token_lifetime
        )
        task = asyncio.create_task(
            self._follow(live, request, card, file_limit=interaction.filesize_limit),
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
        self, live: LiveMessage, request: SongRequest, card: SongCard, *, file_limit: int
    ) -> None:
        state = JobState()
        pacer: EditPacer[Update] = EditPacer(
            self._show(live), self.config.edit_interval, key=Update.key
        )
        try:
            await self._run_job(request, state, card, pacer)
            async with await package_song(self._http, state, file_limit=file_limit) as package:
                screens = final_screens(state, card, package.delivery)
                await pacer.finish(Update(screens[0], tuple(package.discord_files())))
            for extra in screens[1:]:
                await live.send_more(extra)
        except SoundverseError as exc:
            log.info("song job %s ended: %s", state.job_id, type(exc).__name__)
            await pacer.finish(Update(failure_screen(state, card, failure_text(exc))))
        except Exception as exc:  # noqa: BLE001 - every other failure gets an error id
            error_id = report_unexpected(exc, f"song job {state.job_id}")
            await pacer.finish(Update(failure_screen(state, card, apology(error_id))))

    async def _run_job(
        self, request: SongRequest, state: JobState, card: SongCard, pacer: EditPacer[Update]
    ) -> None:
        delays = list(self.config.retry_delays)
        while True:
            try:
                async for event in self._client.generate(request):
                    state.apply(event)
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
