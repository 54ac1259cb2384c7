"""One song, from its events to the finished (or failed) message: every way a song can end
goes through :meth:`SongJob._end`, which records the end, shows it, and marks it delivered."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import discord

from bot.core.errors import apology, report_unexpected
from bot.core.i18n import Words
from bot.features.songs.card import SongCard
from bot.features.songs.delivery import Downloads, MediaFetcher
from bot.features.songs.hold import LeaseLost
from bot.features.songs.live import LiveMessage
from bot.features.songs.pacing import EditPacer
from bot.features.songs.progress import Progress
from bot.features.songs.recorder import Recorder
from bot.features.songs.render import (
    Screen,
    failure_screen,
    final_screens,
    minimal_screen,
)
from bot.features.songs.texts import (
    FAILED_MINIMAL,
    INTERRUPTED,
    PROGRESS_MINIMAL,
    QUIET,
    RESTARTING,
    done_minimal,
    failure_text,
    notice_for,
    retrying,
)
from bot.soundverse import ClientEvent, JobState, Quiet, Retrying, SoundverseError

log = logging.getLogger(__name__)


class SentBack(Exception):  # noqa: N818 - not an error: the song waits its turn again
    """The API would not take the song yet; it went back to its place in the queue."""


REFUSED_BODY = {400, 413}  # Discord refused the message itself: its size, shape or files
Events = Callable[[JobState], AsyncIterator[ClientEvent]]
PROGRESS_FALLBACK = minimal_screen(PROGRESS_MINIMAL)  # one for every update: screens are frozen


async def _free() -> None:
    """No lease to wait for: the song's message may be touched at any time."""


@dataclass(frozen=True, slots=True)
class Update:
    """What the live message should show next; files only with the final screen.

    Progress is drawn only when it is sent (most never are: see :mod:`.progress`).
    ``fallback`` is shown instead if Discord refuses the screen (it always fits), so a song's
    message never stays stuck on an earlier screen.
    """

    shown: Screen | Progress
    files: tuple[discord.File, ...] | None = None
    fallback: Screen = PROGRESS_FALLBACK

    def key(self) -> object:
        names = tuple(f.filename for f in self.files) if self.files is not None else None
        shown = self.shown
        return (shown if isinstance(shown, Progress) else shown.key(), names)

    @property
    def screen(self) -> Screen:
        shown = self.shown
        return shown.screen() if isinstance(shown, Progress) else shown


class SongJob:
    """Follows one song's events on its live message; :meth:`run` returns when it has ended."""

    def __init__(
        self,
        live: LiveMessage,
        card: SongCard,
        record: Recorder,
        *,
        media: MediaFetcher,
        edit_interval: float,
        file_limit: int,
        lag: Callable[[float], None] | None = None,
        gate: Callable[[], Awaitable[None]] = _free,
    ) -> None:
        """``gate`` is awaited before each call to Discord: it waits while this process is
        not sure it still holds the song's lease, and raises :class:`LeaseLost` once another
        process holds it (see :mod:`.hold`)."""
        self._gate = gate
        self._live = live
        self._card = card
        self._record = record
        self._media = media
        self._file_limit = file_limit
        self._pacer: EditPacer[Update] = EditPacer(
            self._show, edit_interval, key=Update.key, lag=lag
        )
        self.state = JobState()
        # what an earlier run (this process's or a stopped one's) already posted
        self._shown_before, self._extras_before = False, 0
        self._picked_up = False

    def posted_before(self, *, shown: bool, extras: int) -> None:
        """An earlier run showed the finished song (``shown``) and posted ``extras``
        follow-ups: picked up now, the song posts only what is missing."""
        self._shown_before, self._extras_before = shown, extras
        self._picked_up = True

    async def _shown_already(self) -> bool:
        """Whether the finished song is on its message already. A song picked up that its row
        says was not shown may still have been (the earlier run stopped before it recorded
        it, the database being away): then the message itself tells, so it is never posted
        twice."""
        if self._shown_before:
            return True
        if not self._picked_up:
            return False
        await self._gate()
        if await self._live.has_files():
            log.info("song job %s: its files were shown already", self.state.job_id)
            await self._record.shown()
            return True
        return False

    async def run(self, state: JobState, events: Events) -> None:
        self.state = state
        shown = False
        try:
            screens = await self._follow(events)
            shown = True
            for extra in screens[1 + self._extras_before :]:
                await self._gate()
                message = await self._live.send_more(extra)
                if message is not None:
                    await self._record.more_message(message.channel.id, message.id)
            await self._record.delivered()
        except SentBack:
            raise
        except LeaseLost:
            log.info("song job %s: another process has the song now", state.job_id)
        except asyncio.CancelledError:
            if not shown:  # never replace a finished song with "restarting"
                await self._last_words(Update(self._progress(self._words(RESTARTING))))
            raise
        except SoundverseError as exc:
            log.info("song job %s ended: %s", state.job_id, type(exc).__name__)
            text = failure_text(exc, words=self._words)
            await self._end(type(exc).__name__, text, billed=exc.billed)
        except Exception as exc:  # noqa: BLE001 - every other failure gets an error id
            error_id = report_unexpected(exc, f"song job {state.job_id}")
            text = apology(error_id, self._words)
            await self._end(type(exc).__name__, text, billed=state.job_id is not None)

    def posted(self) -> None:
        """The song's message was just posted (the first answer is a write like an edit):
        its first progress is paced from now, like every edit after it."""
        self._pacer.written()

    def wait_in_line(self, screen: Screen) -> None:
        """Show the song's place in the queue (paced like progress, never repeated)."""
        self._pacer.offer(Update(screen))

    async def cancelled(self, text: str) -> None:
        """Taken out of the queue before it started: nothing was charged."""
        await self._end("Cancelled", text, billed=False)

    def abandon(self) -> None:
        """The bot stops while the song waits: its row keeps its place for the next run."""
        self._pacer.discard()

    async def interrupted(self) -> None:
        """A song the bot stopped before Soundverse accepted it: nothing was charged."""
        await self._end("Interrupted", self._words(INTERRUPTED), billed=False)

    async def _follow(self, events: Events) -> list[Screen]:
        """Show the song's progress, then its finished screens; the screens shown."""
        state = self.state
        async with Downloads(self._media, file_limit=self._file_limit) as downloads:
            async for event in events(state):
                if isinstance(event, Retrying):
                    self._pacer.offer(Update(self._progress(retrying(event.delay, self._words))))
                    continue
                if isinstance(event, Quiet):
                    self._pacer.offer(Update(self._progress(self._words(QUIET))))
                    continue
                state.apply(event)
                await self._record.progress(state)
                if not state.done:  # when done, the finished song follows at once
                    self._pacer.offer(Update(self._progress(notice_for(state, self._words))))
                downloads.start(state)
            package = await downloads.package(state)
            screens = final_screens(state, self._card, package.delivery)
            recording = asyncio.ensure_future(self._record.completed(state))  # during the edit
            fallback = minimal_screen(done_minimal(state.job_id, self._words), screens[0].buttons)
            try:
                if not await self._shown_already():
                    await self._pacer.finish(
                        Update(screens[0], tuple(package.discord_files()), fallback=fallback)
                    )
                    await self._record.shown()
            finally:
                await recording
        return screens

    async def _end(self, error_class: str, text: str, *, billed: bool) -> None:
        """The one way a song ends without a finished song: recorded, shown, delivered."""
        await self._record.failed(error_class, billed=billed)
        screen = failure_screen(self.state, self._card, text)
        fallback = minimal_screen(self._words(FAILED_MINIMAL), screen.buttons)
        await self._pacer.finish(Update(screen, fallback=fallback))
        await self._record.delivered()

    @property
    def _words(self) -> Words:
        """The language of the song's message: its server's."""
        return self._card.words

    def _progress(self, notice: str | None) -> Progress:
        return Progress.of(self.state, self._card, notice)

    async def _show(self, update: Update) -> None:
        await self._gate()
        try:
            await self._live.show(update.screen, files=update.files)
        except discord.HTTPException as exc:
            if exc.status not in REFUSED_BODY:
                raise
            log.warning("Discord refused a song screen (%s); showing the short form", exc)
            await self._live.show(update.fallback, files=() if update.files is not None else None)

    async def _last_words(self, update: Update) -> None:
        """Show ``update`` while being cancelled, without waiting long."""
        with contextlib.suppress(Exception, asyncio.CancelledError):
            async with asyncio.timeout(3):
                await self._pacer.finish(update)
