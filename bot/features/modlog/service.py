"""The moderators' log channel, as use cases: what to tell a server's moderators without their
asking, and when.

What is told: every settings change (read from the settings log, so a change made on the web
dashboard, in another process, is told too), and the notices noted here: the song queue paused
for Soundverse's balance or an outage and resumed, a budget crossing 80 % or 100 %. When: at
most one message a minute per server; what comes within the minute waits and goes in one
message. Everything waits in the database, so a restart loses nothing (a crash between a post
and its record could tell one message twice: told twice beats never told).

No Discord here: a :class:`Poster` posts (the Discord adapter, ``poster.py``); the clock is
injected, so tests move time instead of waiting.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from bot.features.modlog import texts
from bot.store.modlog import LogChannel, ModLogRepository

log = logging.getLogger(__name__)

PACE = 60.0  # seconds between two messages to one server's log, at least
BATCH = 50  # things told read at a time (a message takes what fits of them)
TOLD_PAUSES = ("no_balance", "unavailable")  # a 429's pause is short and routine: not told


@dataclass(frozen=True, slots=True)
class Failed:
    """A post that did not go: ``lasting`` when the channel is gone or the bot lost access
    (the log stops until a moderator chooses a channel again); otherwise it is tried again at
    the next minute."""

    problem: str
    lasting: bool


class Poster(Protocol):
    def serves(self, guild_id: int) -> bool:
        """Whether this process posts for the server (it holds the server's shard)."""
        ...

    async def post(self, channel_id: int, text: str) -> Failed | None: ...


class ModLog:
    def __init__(
        self,
        repository: ModLogRepository,
        poster: Poster,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._repository = repository
        self._poster = poster
        self._clock = clock
        self._paused_told = False

    # --- what happens ----------------------------------------------------------------------

    async def note_queue_paused(self, why: str, until: float) -> None:
        """The song queue (this process's, for the servers it serves) stopped sending songs to
        Soundverse; ``why``: ``no_balance``, ``unavailable`` or ``rate_limited``."""
        if why not in TOLD_PAUSES:
            return
        self._paused_told = True
        await self._note_served(texts.paused(why, until))

    async def note_queue_resumed(self) -> None:
        """Soundverse takes songs again (told only after a pause that was told)."""
        if self._paused_told:
            self._paused_told = False
            await self._note_served(texts.RESUMED)

    async def note_budget_crossed(
        self,
        guild_id: int,
        *,
        scope: str,
        period: str,
        percent: int,
        spent: int,
        limit: int,
        resets_at: float,
    ) -> None:
        """A budget crossed 80 % or 100 % (the budgets feature tells each once a period)."""
        said = texts.budget_crossed(
            scope=scope,
            period=period,
            percent=percent,
            spent=spent,
            limit=limit,
            resets_at=resets_at,
        )
        await self._repository.note([guild_id], said, self._clock())

    async def _note_served(self, text: str) -> None:
        guild_ids = [g for g in await self._repository.listening() if self._poster.serves(g)]
        await self._repository.note(guild_ids, text, self._clock())

    # --- telling it ------------------------------------------------------------------------

    async def tick(self) -> int:
        """Post what is due: one message per server whose latest went a minute ago or more,
        with what has waited since. How many messages went."""
        now = self._clock()
        posted = 0
        for channel in await self._repository.due(now - PACE):
            if self._poster.serves(channel.guild_id):
                posted += await self._tell(channel, now)
        return posted

    async def _tell(self, channel: LogChannel, now: float) -> int:
        entries = await self._repository.pending(channel, BATCH)
        if not entries or not await self._repository.claim(channel, now):
            return 0  # nothing after all, or another process just posted
        text, told = texts.message(entries)
        failed = await self._poster.post(channel.channel_id, text)
        if failed is None:
            await self._repository.told(channel.guild_id, told)
            return 1
        if failed.lasting:
            log.warning(
                "server %s: the moderators' log stops: %s", channel.guild_id, failed.problem
            )
            await self._repository.stopped(channel.guild_id, channel.channel_id, failed.problem)
        else:
            log.warning(
                "server %s: the moderators' log could not post (tried again in a minute): %s",
                channel.guild_id,
                failed.problem,
            )
        return 0
