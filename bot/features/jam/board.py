"""What the session use cases need of the place a session lives (on Discord, its sheet and
its thread): the one door they speak to it through. Pure; :class:`.sheet.Sheets` is
Discord's."""

from __future__ import annotations

from typing import Protocol

from bot.core.i18n import Words
from bot.store.jams import JamSession


class Board(Protocol):
    def words(self, session: JamSession) -> Words:
        """The language of a session's public messages."""
        ...

    def changed(self, session_id: int) -> None:
        """The session changed: its sheet shows it soon (paced)."""

    async def ended(self, session_id: int) -> None:
        """The session ended: its sheet shows it now, and its thread closes."""

    async def say(self, session: JamSession, text: str, *, mention: int | None = None) -> None:
        """A message in the session's thread; only ``mention``, one member, is pinged."""

    async def suggest(self, session: JamSession, line_id: int, text: str) -> int | None:
        """A suggested line in the thread, with Approve and Reject; its message's id."""
        ...

    async def withdraw(self, session: JamSession, message_id: int, text: str) -> None:
        """A suggestion's message, without its buttons: the line was taken back."""
