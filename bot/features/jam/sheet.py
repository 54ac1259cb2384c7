"""Keeping each session's lyric sheet up to date, and its messages in the thread: the
:class:`.board.Board` of the use cases, on Discord.

Every change offers the sheet a new edit; edits are paced (the sheet shares its channel's
edit bucket with everything else there) and each one is rendered from the database at the
moment it is sent, so the sheet never shows a stale order, however many members press at
once.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable

import discord

from bot.core.i18n import ENGLISH, Words
from bot.core.replies import NO_PINGS
from bot.features.jam.controls import button_rows, vote_row
from bot.features.jam.lyrics import Sheet, load_sheet
from bot.features.jam.render import sheet_screen
from bot.features.songs import EditPacer
from bot.store.jams import JamRepository, JamSession

log = logging.getLogger(__name__)

Channel = Callable[[int], discord.PartialMessageable]
Thread = Callable[[int], Awaitable[discord.Thread]]


class Sheets:
    def __init__(
        self,
        repo: JamRepository,
        channel: Channel,
        thread: Thread,
        *,
        interval: float,
        words_in: Callable[[str | None], Words] = lambda _locale: ENGLISH,
    ) -> None:
        self._repo = repo
        self._words_in = words_in
        self._channel = channel
        self._thread = thread
        self._interval = interval
        self._pacers: dict[int, EditPacer[int]] = {}
        self._changes = 0

    async def sheet(self, session_id: int) -> Sheet | None:
        return await load_sheet(self._repo, session_id, self.words)

    def words(self, session: JamSession) -> Words:
        """The language of a session's public messages: its server's when it was opened."""
        return self._words_in(session.locale)

    def changed(self, session_id: int) -> None:
        """The session changed: its sheet is edited soon (never more often than paced)."""
        pacer = self._pacers.get(session_id)
        if pacer is None:
            pacer = self._pacers[session_id] = EditPacer(
                lambda _change: self._show(session_id), self._interval
            )
        self._changes += 1
        pacer.offer(self._changes)

    async def ended(self, session_id: int) -> None:
        """The session ended: show it now, then archive its thread."""
        pacer = self._pacers.pop(session_id, None)
        if pacer is not None:
            await pacer.finish()
        await self._show(session_id)
        session = await self._repo.session(session_id)
        if session is not None and session.thread_id is not None:
            with contextlib.suppress(discord.HTTPException):
                thread = await self._thread(session.thread_id)
                await thread.edit(archived=True, locked=True)

    async def close(self) -> None:
        pacers, self._pacers = self._pacers, {}
        for pacer in pacers.values():
            with contextlib.suppress(Exception):
                await pacer.finish()

    async def say(self, session: JamSession, text: str, *, mention: int | None = None) -> None:
        """Post in the session's thread (its channel if it has none). Only ``mention``, one
        member, is ever pinged."""
        allowed = (
            discord.AllowedMentions(users=[discord.Object(mention)], everyone=False, roles=False)
            if mention is not None
            else NO_PINGS
        )
        await self._post(session, text, allowed=allowed)

    async def suggest(self, session: JamSession, line_id: int, text: str) -> int | None:
        message = await self._post(session, text, view=vote_row(line_id, self.words(session)))
        return message.id if message is not None else None

    async def _post(
        self,
        session: JamSession,
        text: str,
        *,
        view: discord.ui.View = discord.utils.MISSING,
        allowed: discord.AllowedMentions = NO_PINGS,
    ) -> discord.Message | None:
        current = await self._repo.session(session.id) or session  # its thread may be new
        where = self._channel(current.thread_id or current.channel_id)
        try:
            return await where.send(text, view=view, allowed_mentions=allowed)
        except discord.HTTPException as exc:
            log.warning("could not post in session %s's thread: %s", session.id, exc)
            return None

    async def withdraw(self, session: JamSession, message_id: int, text: str) -> None:
        where = self._channel(session.thread_id or session.channel_id)
        with contextlib.suppress(discord.HTTPException):
            await where.get_partial_message(message_id).edit(
                content=text, view=None, allowed_mentions=NO_PINGS
            )

    async def _show(self, session_id: int) -> None:
        sheet = await self.sheet(session_id)
        if sheet is None or sheet.session.sheet_id is None:
            return
        screen = sheet_screen(sheet)
        message = self._channel(sheet.session.channel_id).get_partial_message(
            sheet.session.sheet_id
        )
        try:
            await message.edit(
                embeds=list(screen.embeds),
                view=button_rows(session_id, screen.rows, sheet.words),
                allowed_mentions=NO_PINGS,
            )
        except discord.NotFound:
            log.info("the sheet of session %s is gone", session_id)
        except discord.HTTPException as exc:
            log.warning("could not update the sheet of session %s: %s", session_id, exc)
