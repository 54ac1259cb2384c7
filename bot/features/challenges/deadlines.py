"""The challenges' clock: entries close and voting opens, voting closes and the podium is
posted, a recurring challenge's next one starts. :meth:`Deadlines.tick` does what is due at
the injected clock's time (a deadline passed while the bot was down is due at once); the bot
runs it when the next deadline comes, tests call it after moving their clock.

With several processes on one database each step is won by exactly one: a state change is a
conditional UPDATE one transaction wins (the results and the next challenge are written in
that same transaction), and the message a state needs is posted by the one process holding a
claim on it, for a while; a process that dies while posting lets its claim run out, and
another posts (the board makes that post idempotent)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable

from bot.features.challenges.board import Board
from bot.features.challenges.entering import Entries
from bot.features.challenges.opening import CLAIM_SECONDS, following
from bot.features.challenges.placing import placed
from bot.features.challenges.rules import Rules
from bot.store.challenges import Challenge, ChallengeRepository
from bot.store.sql import Connection

log = logging.getLogger(__name__)

MAX_WAIT = 60.0  # the clock looks again at least this often (another process may act)
MAKING_WAIT = 5.0  # while an entry is being made, it looks this often for it being done


class Deadlines:
    def __init__(
        self,
        repo: ChallengeRepository,
        board: Board,
        entries: Entries,
        clock: Callable[[], float] = time.time,
        claim_seconds: float = CLAIM_SECONDS,
    ) -> None:
        self._repo = repo
        self._board = board
        self._entries = entries
        self._clock = clock
        self._claim_seconds = claim_seconds
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """A deadline moved: look again now."""
        self._wake.set()

    async def tick(self) -> float | None:
        """Everything due now, on every server; when to look next."""
        upcoming: list[float] = []
        for challenge in await self._repo.pending():
            try:
                upcoming.append(await self._step(challenge))
            except Exception:
                log.exception("challenge %s: its deadline step failed", challenge.id)
                upcoming.append(self._clock() + MAX_WAIT)
        return min(upcoming, default=None)

    async def _step(self, challenge: Challenge) -> float:
        now = self._clock()
        looks: list[float] = []
        making = challenge.state == "entries" and await self._entries.sweep(challenge)
        if making and challenge.entries_close > now:
            looks.append(now + MAKING_WAIT)
        # The entries no process posted (it died, or Discord failed), before voting moves on.
        claimed = await self._entries.posts.catch_up(challenge)
        looks += [] if claimed is None else [claimed]
        if challenge.state == "entries" and challenge.entries_close <= now:
            await self.close_entries(challenge.id)
        elif challenge.state == "voting" and challenge.voting_close <= now:
            await self.close_voting(challenge.id)
        current = await self._repo.challenge(challenge.id)
        if current is None:
            return now + MAX_WAIT
        if current.shown != current.state:
            await self._show(current)
            current = await self._repo.challenge(challenge.id) or current
        return min([self._next_at(current), *looks])

    def _next_at(self, challenge: Challenge) -> float:
        if challenge.shown != challenge.state and challenge.claim_until is not None:
            return challenge.claim_until  # another process is posting: check it did
        if challenge.state == "entries":
            return challenge.entries_close
        if challenge.state == "voting":
            return challenge.voting_close
        return self._clock() + MAX_WAIT

    async def close_entries(self, challenge_id: int) -> bool:
        """Entries → voting (or → closed, nobody having entered): True for the one
        transaction that made the change."""
        async with self._repo.locked(challenge_id) as db:
            entries = await self._repo.entries(challenge_id, connection=db)
            after = "voting" if any(e.disqualified is None for e in entries) else "closed"
            moved = await self._repo.move(challenge_id, "entries", after, connection=db)
            challenge = await self._repo.challenge(challenge_id, connection=db)
            if moved and after == "closed" and challenge is not None:
                await self._next_of(challenge, self._clock(), db)
        if moved:
            self.wake()
        return moved

    async def close_voting(self, challenge_id: int) -> bool:
        """Voting → closed, with the places, the season's points and a recurring challenge's
        next one written in the same transaction: True for the one that did it."""
        now = self._clock()
        async with self._repo.locked(challenge_id) as db:
            if not await self._repo.move(challenge_id, "voting", "closed", connection=db):
                return False
            challenge = await self._repo.challenge(challenge_id, connection=db)
            if challenge is None:  # pragma: no cover - the row was just changed
                return False
            entries = await self._repo.entries(challenge_id, connection=db)
            tally = await self._repo.tally(challenge_id, connection=db)
            season = Rules.of(await self._repo.settings(challenge.guild_id, connection=db)).season
            await self._repo.save_results(
                challenge_id, challenge.guild_id, season, placed(entries, tally), connection=db
            )
            await self._next_of(challenge, now, db)
        self.wake()
        return True

    async def _next_of(self, challenge: Challenge, now: float, db: Connection) -> None:
        new = following(challenge, now)
        if new is not None:  # a recurring challenge: its announcement is posted by _show
            await self._repo.create(new, connection=db)

    async def _show(self, challenge: Challenge) -> None:
        """Post what the challenge's state needs, if this process wins the claim on it."""
        now = self._clock()
        if not await self._repo.claim(challenge.id, now, now + self._claim_seconds):
            return
        state = challenge.state
        if state == "entries":
            message_id, thread_id = await self._board.announce(challenge)
            await self._repo.announced(challenge.id, message_id, thread_id)
            return
        entries = await self._repo.entries(challenge.id)
        if state == "voting":
            await self._board.open_voting(challenge, entries)
        elif state == "closed":
            await self._board.results(challenge, await self._repo.results(challenge.id), entries)
        else:
            await self._board.cancelled(challenge, entries)
        await self._repo.shown_as(challenge.id, state)

    async def run(self) -> None:
        """Tick whenever the next deadline comes (or one moves); until cancelled."""
        while True:
            try:
                next_at = await self.tick()
            except Exception:
                log.exception("the challenge clock failed; trying again in a minute")
                next_at = None
            wait = MAX_WAIT if next_at is None else min(MAX_WAIT, max(0.0, next_at - self._clock()))
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), wait)
