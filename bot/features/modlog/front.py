"""The moderators' log in the bot process: its use case with Discord to post through, the
loop that posts what is due, and what the rest of the bot tells it."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Coroutine
from typing import Any, Protocol

import discord

from bot.features.modlog.poster import DiscordPoster
from bot.features.modlog.service import ModLog
from bot.store.modlog import ModLogRepository

log = logging.getLogger(__name__)


class Crossing(Protocol):
    """A budget crossing as the budgets feature tells it (``usage.budgets.BudgetCrossing``),
    read by its fields: features do not import each other."""

    @property
    def guild_id(self) -> int: ...
    @property
    def scope(self) -> str: ...
    @property
    def period(self) -> str: ...
    @property
    def percent(self) -> int: ...
    @property
    def spent(self) -> int: ...
    @property
    def limit(self) -> int: ...
    @property
    def resets_at(self) -> float: ...


EVERY = 5.0  # seconds between looks at what is due (a change made on the web waits this long)


class ModLogFront:
    def __init__(self, modlog: ModLog, *, every: float = EVERY) -> None:
        self.modlog = modlog
        self._every = every
        self._wake = asyncio.Event()
        self._looked = asyncio.Condition()
        self._rounds = 0  # looks at what is due so far
        self._notes: set[asyncio.Task[None]] = set()

    @classmethod
    def assemble(
        cls,
        client: discord.Client,
        repository: ModLogRepository,
        *,
        clock: Callable[[], float] = time.time,
        every: float = EVERY,
    ) -> ModLogFront:
        return cls(ModLog(repository, DiscordPoster(client), clock=clock), every=every)

    async def run(self) -> None:
        """Post what is due, every few seconds and whenever something new is noted; until
        cancelled."""
        while True:
            self._wake.clear()  # before the look: a wake during it brings the next one at once
            try:
                await self.modlog.tick()
            except Exception:
                log.exception("the moderators' log failed; trying again shortly")
            async with self._looked:
                self._rounds += 1
                self._looked.notify_all()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._every)

    def wake(self) -> None:
        """Something new to tell: look now rather than at the next round."""
        self._wake.set()

    async def look_now(self) -> None:
        """Look now (once the notes being written are in), and return once a whole look has
        begun and ended since (one under way may have read before the news): what was due
        then is posted, or has failed."""
        if self._notes:
            await asyncio.wait(set(self._notes))
        async with self._looked:
            after = self._rounds + 2
            self.wake()
            await self._looked.wait_for(lambda: self._rounds >= after)

    def queue_paused(self, why: str | None, until: float) -> None:
        """The song queue's listener (it calls from plain code): paused (``why``) or
        resumed (None)."""
        if why is None:
            self._noted(self.modlog.note_queue_resumed())
        else:
            self._noted(self.modlog.note_queue_paused(why, until))

    async def budget_crossed(self, crossing: Crossing) -> None:
        """The budgets' listener: told in the database before the reservation answers."""
        await self.modlog.note_budget_crossed(
            crossing.guild_id,
            scope=crossing.scope,
            period=crossing.period,
            percent=crossing.percent,
            spent=crossing.spent,
            limit=crossing.limit,
            resets_at=crossing.resets_at,
        )
        self.wake()

    def _noted(self, note: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(self._then_wake(note))
        self._notes.add(task)
        task.add_done_callback(self._notes.discard)

    async def _then_wake(self, note: Coroutine[Any, Any, None]) -> None:
        try:
            await note
        except Exception:
            log.exception("the moderators' log could not note the queue's pause")
        self.wake()

    async def close(self) -> None:
        """Let the notes being written finish (they are in the database then)."""
        if self._notes:
            await asyncio.wait(set(self._notes), timeout=5)
