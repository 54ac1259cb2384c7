"""Approve mode, as use cases: each suggested line gets a message in the thread with Approve
and Reject; the host (or a moderator) decides alone, members by a majority of the session's
members."""

from __future__ import annotations

from bot.core.acting import Actor, Refusal
from bot.features.jam import texts
from bot.features.jam.actions import LineVote
from bot.features.jam.board import Board
from bot.features.jam.host import leads
from bot.features.jam.lyrics import suggestion_text
from bot.features.jam.outcomes import Outcome, VoteCounted
from bot.features.jam.turns import Turns
from bot.store.jams import JamRepository, JamSession

JOIN_TO_VOTE = "Press **Join** on the sheet to vote on suggestions."


class Suggestions:
    def __init__(self, repo: JamRepository, board: Board, turns: Turns) -> None:
        self._repo = repo
        self._board = board
        self._turns = turns

    async def post(self, session: JamSession, line_ids: list[int]) -> None:
        """Each suggested line in the thread, to vote on."""
        needed = await self._turns.majority(session)
        for line_id in line_ids:
            line = await self._repo.line(line_id)
            if line is None:  # pragma: no cover - just written
                continue
            text = suggestion_text(line, needed=needed, words=self._board.words(session))
            message_id = await self._board.suggest(session, line_id, text)
            if message_id is not None:
                await self._repo.suggestion_message(line_id, message_id)

    async def vote(self, actor: Actor, vote: LineVote, line_id: int) -> Outcome:
        """A vote on a suggested line: the host's decides it, members' count to a majority."""
        line = await self._repo.line(line_id)
        session = await self._repo.session(line.session_id) if line is not None else None
        if line is None or session is None:
            return Refusal(texts.GONE)
        async with self._repo.locked(session.id) as db:
            current = await self._repo.session(session.id, connection=db)
            lines = await self._repo.lines(session.id, connection=db)
            fresh = next((x for x in lines if x.id == line_id), None)
            members = {
                m.user_id for m in await self._repo.members(session.id, connection=db) if m.joined
            }
            decided: str | None = None
            refusal = None
            if current is None or current.state == "ended":
                refusal = texts.ENDED
            elif fresh is None or fresh.status != "pending":
                refusal = texts.NOT_SUGGESTION
            elif leads(actor, current):
                decided = "live" if vote is LineVote.YES else "rejected"
            elif actor.member_id not in members:
                refusal = JOIN_TO_VOTE
            else:
                approve = vote is LineVote.YES
                await self._repo.vote(session.id, line_id, actor.member_id, approve, connection=db)
                yes, no = await self._repo.votes(line_id, connection=db)
                needed = len(members | {current.host_id}) // 2 + 1
                decided = "live" if yes >= needed else "rejected" if no >= needed else None
            if decided is not None:
                await self._repo.set_line(session.id, line_id, decided, connection=db)
            yes, no = await self._repo.votes(line_id, connection=db)
        if refusal is not None:
            return Refusal(refusal)
        shown = await self._repo.line(line_id)
        if shown is None:  # pragma: no cover - just read
            return Refusal(texts.GONE)
        needed = await self._turns.majority(session)
        words = self._board.words(session)
        text = suggestion_text(shown, yes=yes, no=no, needed=needed, words=words)

        async def then() -> None:
            if decided is not None:
                self._board.changed(session.id)

        return VoteCounted(text, line_id, decided is not None, words, then)
