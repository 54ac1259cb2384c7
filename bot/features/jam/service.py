"""Members' actions on a session's sheet, as use cases: add lines, undo, join, leave, export.
Plain values in (who acts, which session, what), an outcome out (:mod:`.outcomes`). Every
change is checked and written in one transaction under the session's lock, so two members
pressing at once never lose a line and the rules hold. The host's tools are in :mod:`.host`,
votes in :mod:`.suggestions`, the clock's work in :mod:`.turns`, opening in :mod:`.opening`."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from bot.core.acting import Actor, Done, Refusal
from bot.features.jam import modes, sections, texts
from bot.features.jam.actions import JamAction
from bot.features.jam.board import Board
from bot.features.jam.host import HostTools, leads, plain, quoted
from bot.features.jam.lyrics import export_text, load_sheet, suggestion_text
from bot.features.jam.outcomes import AddAsked, Exported, Outcome
from bot.features.jam.rules import Contribution, Rules, line_refusal
from bot.features.jam.suggestions import Suggestions
from bot.features.jam.turns import Passed, Turns
from bot.store.jams import JamRepository, JamSession, NewLine
from bot.store.sql import Connection

EXPORTED = "The lyric sheet, with sections and credits:"


class JamService:
    def __init__(
        self,
        repo: JamRepository,
        board: Board,
        host: HostTools,
        turns: Turns,
        suggestions: Suggestions,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._repo = repo
        self._board = board
        self.host = host
        self.turns = turns
        self.suggestions = suggestions
        self._clock = clock

    async def resume(self) -> int:
        """After a start: bring every open session's sheet up to date; how many there are."""
        live = await self._repo.live_sessions()
        for session in live:
            self._board.changed(session.id)
        return len(live)

    async def pressed(self, actor: Actor, action: JamAction, session_id: int) -> Outcome:
        """A button on a session's sheet (or on the host's tools)."""
        session = await self._repo.session(session_id)
        if session is None:
            return Refusal(texts.GONE)
        if action is JamAction.EXPORT:
            return await self.export(actor, session_id)
        if session.state == "ended":
            return Refusal(texts.ENDED)
        if action is JamAction.ADD:
            return await self._ask_lines(actor, session)
        if action is JamAction.UNDO:
            return await self._undo(actor, session)
        if action in (JamAction.JOIN, JamAction.LEAVE):
            return await self._membership(actor, session, joining=action is JamAction.JOIN)
        return await self.host.pressed(actor, action, session)

    async def _ask_lines(self, actor: Actor, session: JamSession) -> Outcome:
        if session.state == "locked":
            return Refusal(texts.LOCKED)
        refusal = await self.turns.refusal(session, actor.member_id)
        if refusal is not None:
            return Refusal(refusal)
        lines = await self._repo.lines(session.id)
        live = [line for line in lines if line.status == "live"]
        mine = [line for line in lines if line.author_id == actor.member_id]
        last = (mine or live)[-1] if (mine or live) else None
        rules = Rules.of(await self._repo.settings(session.guild_id))
        return AddAsked(
            session.id,
            plain(session.title),
            frozenset(x.section for x in live),
            last.section if last is not None else None,
            rules.line_chars,
        )

    async def add(
        self, actor: Actor, session_id: int, section: str | None, lines: tuple[str, ...]
    ) -> Outcome:
        """Lines from the Add lines form: on the sheet, or waiting for approval."""
        now = self._clock()
        if section is None or not sections.valid(section):
            return Refusal(texts.NO_SECTION)
        added: list[int] = []
        waits, passed = False, None
        async with self._repo.locked(session_id) as db:
            session = await self._repo.session(session_id, connection=db)
            refusal = await self._add_refusal(db, session, actor.member_id, lines, now)
            if session is not None and refusal is None:
                waits = modes.of(session.mode).needs_approval and not leads(actor, session)
                status = "pending" if waits else "live"
                for text in lines:
                    new = NewLine(
                        session.id, section, text, actor.member_id, actor.name, status, now
                    )
                    added.append(await self._repo.insert_line(new, connection=db))
                await self._repo.touch(session.id, now, connection=db)
                passed = await self.turns.after_contribution(db, session, actor.member_id, now)
        if session is None or refusal is not None:
            return Refusal(refusal or texts.GONE)

        async def then() -> None:
            self._board.changed(session.id)
            if waits:
                await self.suggestions.post(session, added)
            await self._announce(passed)

        return Done(texts.added(len(added), waits), then)

    async def _add_refusal(
        self,
        db: Connection,
        session: JamSession | None,
        user_id: int,
        lines: tuple[str, ...],
        now: float,
    ) -> str | None:
        if session is None:
            return texts.GONE
        if session.state == "ended":
            return texts.ENDED
        if session.state == "locked":
            return texts.LOCKED
        if await self._repo.is_blocked(session.guild_id, user_id, connection=db):
            return texts.BLOCKED
        turn = await self.turns.refusal(session, user_id, connection=db)
        if turn is not None:
            return turn
        rules = Rules.of(await self._repo.settings(session.guild_id, connection=db))
        member_lines, recent = await self._repo.author_counts(
            session.id, user_id, now - 60, connection=db
        )
        on_sheet = await self._repo.lines(session.id, connection=db)
        chars = sum(len(line.text) for line in on_sheet if line.status in ("live", "pending"))
        return line_refusal(rules, Contribution(lines, member_lines, recent, chars))

    async def _undo(self, actor: Actor, session: JamSession) -> Outcome:
        async with self._repo.locked(session.id) as db:
            mine = [
                line
                for line in await self._repo.lines(session.id, connection=db)
                if line.author_id == actor.member_id and line.status in ("live", "pending")
            ]
            last = max(mine, key=lambda line: (line.created_at, line.id)) if mine else None
            if last is not None:
                await self._repo.set_line(session.id, last.id, "removed", connection=db)
        if last is None:
            return Refusal(texts.NOTHING_TO_UNDO)
        message_id = last.message_id

        async def then() -> None:
            self._board.changed(session.id)
            withdrawn = await self._repo.line(last.id) if message_id is not None else None
            if message_id is not None and withdrawn is not None:
                words = self._board.words(session)
                await self._board.withdraw(
                    session, message_id, suggestion_text(withdrawn, words=words)
                )

        return Done(texts.undone(quoted(last.text)), then)

    async def _membership(self, actor: Actor, session: JamSession, *, joining: bool) -> Outcome:
        rules = modes.of(session.mode)
        if not rules.joinable:
            return Refusal(texts.NOT_TURNS)
        now = self._clock()
        passed: Passed | None = None
        async with self._repo.locked(session.id) as db:
            if joining and await self._repo.is_blocked(
                session.guild_id, actor.member_id, connection=db
            ):
                return Refusal(texts.BLOCKED)
            members = {m.user_id: m for m in await self._repo.members(session.id, connection=db)}
            if not joining and not (actor.member_id in members and members[actor.member_id].joined):
                answer = texts.NOT_JOINED
            elif joining:
                await self._repo.join(session.id, actor.member_id, actor.name, connection=db)
                passed = await self.turns.after_join(db, session, now)
                answer = texts.JOINED if rules.in_turns else texts.JOINED_VOTES
            else:
                await self._repo.leave(session.id, actor.member_id, connection=db)
                passed = await self.turns.after_leave(db, session, actor.member_id, now)
                answer = texts.LEFT

        async def then() -> None:
            self._board.changed(session.id)
            await self._announce(passed)

        return Done(answer, then)

    async def _announce(self, passed: Passed | None) -> None:
        if passed is not None:
            await self.turns.announce(passed)

    async def export(self, actor: Actor, session_id: int) -> Outcome:
        """The whole sheet as text (a hidden one only for its host, until revealed)."""
        sheet = await load_sheet(self._repo, session_id, self._board.words)
        if sheet is None:
            return Refusal(texts.GONE)
        if sheet.hidden and not leads(actor, sheet.session):  # an exquisite corpse stays hidden
            return Refusal(texts.STILL_HIDDEN)
        name = re.sub(r"[^A-Za-z0-9]+", "-", sheet.session.title).strip("-")[:50] or "session"
        return Exported(EXPORTED, f"{name}.txt", export_text(sheet))
