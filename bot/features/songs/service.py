"""Running songs: one task per job, from the first screen to the finished message."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

import discord

from bot.core.errors import report_unexpected
from bot.features.songs.delivery import Downloads, MediaFetcher
from bot.features.songs.live import NO_PINGS, LiveMessage
from bot.features.songs.pacing import EditPacer
from bot.features.songs.recorder import Recorder
from bot.features.songs.render import (
    Screen,
    SongCard,
    failure_screen,
    final_screens,
    minimal_screen,
    progress_screen,
)
from bot.features.songs.texts import (
    FAILED_MINIMAL,
    PROGRESS_MINIMAL,
    apology,
    done_minimal,
    failure_text,
)
from bot.soundverse import (
    ClientEvent,
    JobState,
    Retrying,
    SongRequest,
    SoundverseClient,
    SoundverseError,
)
from bot.soundverse.status import catch_up_events
from bot.store import GenerationRepository

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SongConfig:
    """What the song service takes from the settings (their defaults live there)."""

    edit_interval: float  # seconds between progress edits, at least
    token_lifetime: float  # Discord's interaction token lifetime
    retry_delays: tuple[float, ...]  # retries while the API is unavailable
    answer_within: float = 2.0  # seconds after /song to acknowledge it (Discord allows 3)


@dataclass(frozen=True, slots=True)
class Update:
    """What the live message should show next; files only with the final screen.

    ``fallback`` is shown instead if Discord refuses ``screen`` (it always fits), so a song's
    message never stays stuck on an earlier screen.
    """

    screen: Screen
    files: tuple[discord.File, ...] | None = None
    fallback: Screen = field(default_factory=lambda: minimal_screen(PROGRESS_MINIMAL))

    def key(self) -> object:
        names = tuple(f.filename for f in self.files) if self.files is not None else None
        return (self.screen.key(), names)


class SongService:
    def __init__(
        self,
        client: SoundverseClient,
        media: MediaFetcher,
        generations: GenerationRepository,
        config: SongConfig,
    ) -> None:
        self._client = client
        self._media = media
        self._generations = generations
        self.config = config
        self._tasks: set[asyncio.Task[None]] = set()
        self.accepting = True

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
            message_id = await _answer(interaction, first)
        except BaseException:
            await self._generations.ended_badly(generation_id, "NotStarted", billed=False)
            raise
        await self._generations.attach_message(generation_id, message_id)
        live = LiveMessage(
            interaction, message_id, channel=None,
            token_lifetime=self.config.token_lifetime,
        )  # fmt: skip
        record = Recorder(self._generations, generation_id)
        delays = self.config.retry_delays

        def submitted(_state: JobState) -> AsyncIterator[ClientEvent]:
            return self._client.generate(request, retry_delays=delays)  # posted once at most

        self._spawn(
            self._follow(live, card, record, JobState(), submitted,
                         file_limit=interaction.filesize_limit),
            name=f"song-{interaction.id}",
        )  # fmt: skip

    async def resume_unfinished(self, channel_for: Callable[[int], discord.abc.Messageable]) -> int:
        """Pick up every song a previous run left unfinished; returns how many."""
        unfinished = await self._generations.unfinished()
        for song in unfinished:
            live = LiveMessage(
                None, song.message_id, channel=channel_for(song.channel_id),
                token_lifetime=self.config.token_lifetime,
            )  # fmt: skip
            card = SongCard(song.requester or "someone", song.prompt, song.lyrics_source)
            record = Recorder(self._generations, song.id, job_id=song.job_id)
            if song.job_id is None:
                self._spawn(self._interrupted(live, card, record), name=f"song-{song.id}")
                continue
            log.info("picking up song %s (job %s) after a restart", song.id, song.job_id)
            state = JobState(job_id=song.job_id)
            self._spawn(
                self._follow(live, card, record, state, self._followed,
                             file_limit=DEFAULT_FILE_LIMIT),
                name=f"song-{song.id}",
            )  # fmt: skip
        return len(unfinished)

    async def show_again(
        self, interaction: discord.Interaction, job_id: str, card: SongCard
    ) -> None:
        """Post a finished song's full result message anew, from what the API says now."""
        await interaction.response.defer(thinking=True)
        state = JobState(job_id=job_id)
        snapshot = await self._client.status(job_id)
        for event in catch_up_events(snapshot, state):
            state.apply(event)
        if not snapshot.completed:
            text = "That song is not finished yet." if not snapshot.failed else (
                "That song failed, so there is nothing to show."
            )  # fmt: skip
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_PINGS)
            return
        async with Downloads(self._media, file_limit=interaction.filesize_limit) as downloads:
            package = await downloads.package(state)
            screens = final_screens(state, card, package.delivery)
            await interaction.followup.send(
                embeds=list(screens[0].embeds), files=package.discord_files(),
                allowed_mentions=NO_PINGS, wait=True,
            )  # fmt: skip
        for extra in screens[1:]:
            await interaction.followup.send(embeds=list(extra.embeds), allowed_mentions=NO_PINGS)

    def _followed(self, state: JobState) -> AsyncIterator[ClientEvent]:
        """A known job's events by status. The client folds them into a state of its own
        (to know what is new), so the caller folds each event into ``state`` exactly once."""
        return self._client.follow(JobState(job_id=state.job_id))

    async def wait_idle(self) -> None:
        """Wait for every running job (for tests and for a graceful stop)."""
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def stop(self) -> None:
        """Take no new songs; running ones keep their state and continue after a restart."""
        self.accepting = False
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def _spawn(self, work: Coroutine[Any, Any, None], *, name: str) -> None:
        task = asyncio.create_task(work, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _follow(
        self,
        live: LiveMessage,
        card: SongCard,
        record: Recorder,
        state: JobState,
        events: Callable[[JobState], AsyncIterator[ClientEvent]],
        *,
        file_limit: int,
    ) -> None:
        pacer: EditPacer[Update] = EditPacer(
            self._show(live), self.config.edit_interval, key=Update.key
        )
        shown = False
        try:
            async with Downloads(self._media, file_limit=file_limit) as downloads:
                async for event in events(state):
                    if isinstance(event, Retrying):
                        notice = f"Soundverse is busy; trying again in {event.delay:g} seconds…"
                        pacer.offer(Update(progress_screen(state, card, notice=notice)))
                        continue
                    state.apply(event)
                    await record.progress(state)
                    if not state.done:  # when done, the finished song follows at once
                        pacer.offer(Update(progress_screen(state, card, notice=_notice_for(state))))
                    downloads.start(state)
                package = await downloads.package(state)
                screens = final_screens(state, card, package.delivery)
                recording = asyncio.ensure_future(record.completed(state))  # during the edit
                finished = minimal_screen(done_minimal(state.job_id))
                try:
                    await pacer.finish(
                        Update(screens[0], tuple(package.discord_files()), fallback=finished)
                    )
                finally:
                    await recording
            shown = True
            for extra in screens[1:]:
                await live.send_more(extra)
            await record.delivered()
        except asyncio.CancelledError:
            if not shown:  # never replace a finished song with "restarting"
                await _last_words(pacer, Update(progress_screen(state, card, notice=RESTARTING)))
            raise
        except SoundverseError as exc:
            ended = minimal_screen(FAILED_MINIMAL)
            log.info("song job %s ended: %s", state.job_id, type(exc).__name__)
            await record.failed(type(exc).__name__, billed=exc.billed)
            await pacer.finish(
                Update(failure_screen(state, card, failure_text(exc)), fallback=ended)
            )
            await record.delivered()
        except Exception as exc:  # noqa: BLE001 - every other failure gets an error id
            ended = minimal_screen(FAILED_MINIMAL)
            error_id = report_unexpected(exc, f"song job {state.job_id}")
            await record.failed(type(exc).__name__, billed=state.job_id is not None)
            await pacer.finish(
                Update(failure_screen(state, card, apology(error_id)), fallback=ended)
            )
            await record.delivered()

    async def _interrupted(self, live: LiveMessage, card: SongCard, record: Recorder) -> None:
        """A song the bot stopped before Soundverse accepted it: nothing was charged."""
        await record.failed("Interrupted", billed=False)
        text = (
            "The bot restarted before Soundverse accepted this song, so nothing was made or "
            "charged. Please try again."
        )
        await live.show(failure_screen(JobState(), card, text))
        await record.delivered()

    @staticmethod
    def _show(live: LiveMessage) -> Callable[[Update], Awaitable[None]]:
        async def show(update: Update) -> None:
            try:
                await live.show(update.screen, files=update.files)
            except discord.HTTPException as exc:
                if exc.status not in REFUSED_BODY:
                    raise
                log.warning("Discord refused a song screen (%s); showing the short form", exc)
                await live.show(update.fallback, files=() if update.files is not None else None)

        return show


REFUSED_BODY = {400, 413}  # Discord refused the message itself: its size, shape or files
DEFAULT_FILE_LIMIT = 10 * 1024 * 1024  # Discord's upload limit where the server has no boost
RESTARTING = "The bot is restarting; this song will carry on in a moment."


def _notice_for(state: JobState) -> str | None:
    if state.reconnects and not state.finished:
        return "The live connection to Soundverse dropped; following your song by its job id…"
    return None


async def _answer(interaction: discord.Interaction, screen: Screen) -> int | None:
    """Answer the interaction with ``screen``, or show it in place of "thinking…" if the
    interaction was acknowledged already; the message's id."""
    if interaction.response.is_done():
        message = await interaction.edit_original_response(
            embeds=list(screen.embeds), allowed_mentions=NO_PINGS
        )
        return message.id
    callback = await interaction.response.send_message(
        embeds=list(screen.embeds), allowed_mentions=NO_PINGS
    )
    return callback.message_id


async def _last_words(pacer: EditPacer[Update], update: Update) -> None:
    """Show ``update`` while being cancelled, without waiting long."""
    with contextlib.suppress(Exception, asyncio.CancelledError):
        async with asyncio.timeout(3):
            await pacer.finish(update)
