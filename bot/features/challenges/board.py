"""What the use cases need said where everyone sees it: the announcement, the thread, the
podium. The Discord front end provides it (:mod:`.posts`); tests record it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from bot.store.challenges import Challenge, Entry, FinishedSong, Placed


class Board(Protocol):
    async def announce(self, challenge: Challenge) -> tuple[int, int | None]:
        """Post a challenge's announcement (a recurring one's next) and start its thread:
        the message's id and the thread's."""

    async def post_entry(self, challenge: Challenge, number: int, entry: Entry,
                         song: FinishedSong) -> int | None:  # fmt: skip
        """Post an entry in the thread (with its Vote button if the challenge is in its
        vote): the message's id."""

    async def entry_buttons(self, challenge: Challenge, entry: Entry) -> None:
        """The entry's posted message gets the buttons the challenge's state gives it."""

    async def open_voting(self, challenge: Challenge, entries: Sequence[Entry]) -> None:
        """Every entry gets its Vote button; the announcement and the thread say so."""

    async def results(self, challenge: Challenge, placed: Sequence[Placed],
                      entries: Sequence[Entry]) -> None:  # fmt: skip
        """The podium (or that nobody entered or voted), the entries' Vote buttons gone, the
        thread archived. Posted at most once per challenge, even by a second process after
        the first died while posting."""

    async def cancelled(self, challenge: Challenge, entries: Sequence[Entry]) -> None:
        """The entries' Vote buttons gone, the thread archived."""

    async def refresh(self, challenge: Challenge) -> None:
        """The announcement shows the challenge as it is now (a deadline moved)."""

    async def say(self, challenge: Challenge, text: str) -> None:
        """A sentence in the challenge's thread."""
