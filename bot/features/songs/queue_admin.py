"""The queue's administration, whatever the front end (``/songadmin queue``, the Cancel button,
a web dashboard): see a server's line, take a song out of it, apply a server's new caps or
pause, try the API again now. Plain values in, outcomes out."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.core.acting import Actor, Refusal
from bot.core.formatting import one_line
from bot.features.songs.queue import texts
from bot.features.songs.queue.gate import Pause
from bot.features.songs.queue.render import LineEntry
from bot.features.songs.queued import SongInLine
from bot.features.songs.waiting import WaitingSongs
from bot.store import GenerationRepository

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Cancelled:
    """A song taken out of the line: its slot is given back once it is recorded."""

    song: SongInLine
    by: Actor
    own: bool  # the member who asked for it, not a moderator

    @property
    def song_id(self) -> int:
        return self.song.song_id


@dataclass(frozen=True, slots=True)
class ServerLine:
    """A server's line as a member sees it (``/songs queue``)."""

    entries: list[LineEntry]  # in order, the member's own marked
    waiting: int  # songs waiting on every server
    pause: Pause | None  # why the API is not being asked, for everyone
    held: bool  # this server's queue is paused by its moderators


@dataclass(frozen=True, slots=True)
class Load:
    """The queue for the whole bot, for moderators: how full, and why it is paused."""

    pause: Pause | None
    running: int
    waiting: int
    cap: int  # songs at the API at once


class QueueAdmin:
    def __init__(self, waiting: WaitingSongs, generations: GenerationRepository) -> None:
        self._waiting = waiting
        self._queue = waiting.queue
        self._generations = generations

    def cancel(self, who: Actor, guild_id: int, song_id: int) -> Refusal | Cancelled:
        """A waiting song leaves the line at once, if it is waiting on this server and ``who``
        asked for it or moderates. Answer the member, then :meth:`record_cancel` (the song's
        message may wait on Discord's rate limits)."""
        song = self._waiting.get(song_id)
        ticket = self._queue.ticket(song_id)
        if song is None or ticket is None or ticket.place.guild_id != guild_id:
            return Refusal(texts.NOT_WAITING)
        own = who.member_id == ticket.place.user_id
        if not own and not who.moderator:
            return Refusal(texts.NOT_YOURS)
        self._queue.cancel(song_id)
        self._waiting.left(song_id)
        return Cancelled(song, who, own)

    async def record_cancel(self, cancelled: Cancelled) -> None:
        """The cancel recorded (the slot given back) and shown on the song's message."""
        await self._generations.cancel(cancelled.song_id, "Cancelled")
        log.info("song %s cancelled in the queue by %s", cancelled.song_id, cancelled.by.member_id)
        song = cancelled.song
        name = one_line(cancelled.by.name, 40)
        shown = texts.cancelled_by(name, moderator=not cancelled.own, words=song.card.words)
        await song.cancelled(shown)  # now, or once its message is posted if it is not yet

    def line(self, guild_id: int, member_id: int) -> list[LineEntry]:
        """A server's waiting songs in order (``/songs queue``, the cancel option)."""
        return self._waiting.line(guild_id, member_id)

    def server_line(self, guild_id: int, member_id: int) -> ServerLine:
        """:meth:`line`, with the whole queue's size and whether and why it is paused."""
        queue = self._queue
        entries = self.line(guild_id, member_id)
        return ServerLine(entries, queue.waiting, queue.pause, held=queue.held(guild_id))

    def load(self) -> Load:
        queue = self._queue
        return Load(queue.pause, queue.running, queue.waiting, queue.max_concurrent)

    async def settings_changed(self, guild_id: int) -> None:
        """A moderator changed the server's caps or paused or resumed its queue."""
        await self._waiting.settings_changed(guild_id)

    def try_now(self) -> None:
        """Ask the API again now (its balance was topped up), instead of at the next retry."""
        self._queue.try_now()
