"""Turns and the clock: who writes next in a session in turns, a missed turn passing on, and
idle sessions ending. :meth:`Turns.tick` does what is due at the injected clock's time; the
bot runs it when the next deadline comes, tests call it after moving their clock."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.core.i18n import Said
from bot.features.jam import modes, texts
from bot.features.jam.board import Board
from bot.features.jam.lyrics import credit
from bot.features.jam.rules import Rules
from bot.store.jams import JamMember, JamRepository, JamSession
from bot.store.sql import Connection

log = logging.getLogger(__name__)

MAX_WAIT = 60.0  # the ticker looks again at least this often (settings may change)


@dataclass(frozen=True, slots=True)
class Passed:
    """The turn moved on: from whom (None at the first turn) to whom."""

    session: JamSession
    before: JamMember | None
    after: JamMember
    minutes: float


class Turns:
    def __init__(
        self, repo: JamRepository, board: Board, clock: Callable[[], float] = time.time
    ) -> None:
        self._repo = repo
        self._board = board
        self._clock = clock
        self._wake = asyncio.Event()
        self.end_idle: Callable[[int, str], Awaitable[None]] | None = None  # set by the host tools

    async def refusal(
        self, session: JamSession, user_id: int, *, connection: Connection | None = None
    ) -> str | None:
        """Why this member cannot write now, in a session in turns (None: they can)."""
        if not modes.of(session.mode).in_turns:
            return None
        members = await self._repo.members(session.id, connection=connection)
        if not any(m.user_id == user_id and m.joined for m in members):
            return texts.JOIN_FIRST
        if session.turn_user_id != user_id:
            holder = next((m for m in members if m.user_id == session.turn_user_id), None)
            return Said(texts.NOT_YOUR_TURN, name=credit([holder.name]) if holder else "someone")
        return None

    async def majority(self, session: JamSession) -> int:
        members = {m.user_id for m in await self._repo.members(session.id) if m.joined}
        return len(members | {session.host_id}) // 2 + 1

    async def after_contribution(
        self, db: Connection, session: JamSession, user_id: int, now: float
    ) -> Passed | None:
        if not modes.of(session.mode).in_turns or session.turn_user_id != user_id:
            return None
        return await self._pass(db, session, now)

    async def after_join(self, db: Connection, session: JamSession, now: float) -> Passed | None:
        if not modes.of(session.mode).in_turns or session.turn_user_id is not None:
            return None
        return await self._pass(db, session, now)

    async def after_leave(
        self, db: Connection, session: JamSession, user_id: int, now: float
    ) -> Passed | None:
        if not modes.of(session.mode).in_turns or session.turn_user_id != user_id:
            return None
        return await self._pass(db, session, now)

    async def _pass(self, db: Connection, session: JamSession, now: float) -> Passed | None:
        """Give the turn to the next joined member after the one who has it (or the first)."""
        members = await self._repo.members(session.id, connection=db)
        joined = [m for m in members if m.joined]
        before = next((m for m in members if m.user_id == session.turn_user_id), None)
        if not joined:
            await self._repo.set_turn(session.id, None, None, connection=db)
            return None
        seat = before.seat if before is not None else 0
        after = next((m for m in joined if m.seat > seat), joined[0])
        minutes = Rules.of(await self._repo.settings(session.guild_id, connection=db)).turn_minutes
        deadline = now + minutes * 60
        await self._repo.set_turn(session.id, after.user_id, deadline, connection=db)
        self._wake.set()
        return Passed(session, before, after, minutes)

    async def announce(self, passed: Passed) -> None:
        """Tell the thread; the member whose turn it is is the one person mentioned."""
        words = self._board.words(passed.session)
        lead = (
            texts.turn_passed(credit([passed.before.name], words), words) + " "
            if passed.before
            else ""
        )
        mention = f"<@{passed.after.user_id}>"
        text = lead + texts.turn(mention, passed.minutes, words)
        await self._board.say(passed.session, text, mention=passed.after.user_id)
        self._board.changed(passed.session.id)

    async def tick(self) -> float | None:
        """Pass every turn whose time is up and end every idle session; the next deadline."""
        now = self._clock()
        upcoming: list[float] = []
        for session in await self._repo.live_sessions():
            rules = Rules.of(await self._repo.settings(session.guild_id))
            idle_at = session.active_at + rules.idle_hours * 3600
            if idle_at <= now and self.end_idle is not None:
                reason = texts.idle(rules.idle_hours, self._board.words(session))
                await self.end_idle(session.id, reason)
                continue
            upcoming.append(idle_at)
            if session.turn_deadline is None:
                continue
            if session.turn_deadline <= now:
                async with self._repo.locked(session.id) as db:
                    current = await self._repo.session(session.id, connection=db)
                    due = current is not None and (current.turn_deadline or now + 1) <= now
                    passed = await self._pass(db, current, now) if current and due else None
                if passed is not None:
                    await self.announce(passed)
                    upcoming.append(now + passed.minutes * 60)
            else:
                upcoming.append(session.turn_deadline)
        return min(upcoming, default=None)

    async def run(self) -> None:
        """Tick whenever the next deadline comes (or a new one is set); until cancelled."""
        while True:
            try:
                next_at = await self.tick()
            except Exception:
                log.exception("the session clock failed; trying again in a minute")
                next_at = None
            wait = MAX_WAIT if next_at is None else min(MAX_WAIT, max(0.0, next_at - self._clock()))
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), wait)
