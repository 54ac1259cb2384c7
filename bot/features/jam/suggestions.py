"""Approve mode: each suggested line gets a message in the thread with Approve and Reject;
the host (or a moderator) decides alone, members by a majority of the session's members."""

from __future__ import annotations

import discord

from bot.core.replies import NO_PINGS, reply_privately
from bot.features.jam import texts
from bot.features.jam.actions import LineVote
from bot.features.jam.controls import vote_row
from bot.features.jam.host import leads
from bot.features.jam.render import suggestion_text
from bot.features.jam.sheet import Sheets
from bot.features.jam.turns import Turns
from bot.store import jams
from bot.store.jams import JamRepository, JamSession
from bot.store.sql import session_lock


class Suggestions:
    def __init__(self, repo: JamRepository, sheets: Sheets, turns: Turns) -> None:
        self._repo = repo
        self._db = repo.database
        self._sheets = sheets
        self._turns = turns

    async def post(self, session: JamSession, line_ids: list[int]) -> None:
        needed = await self._turns.majority(session)
        for line_id in line_ids:
            line = await self._repo.line(line_id)
            if line is None:  # pragma: no cover - just written
                continue
            message = await self._sheets.say(
                session,
                suggestion_text(line, needed=needed, w=self._sheets.words(session)),
                view=vote_row(line_id, self._sheets.words(session)),
            )
            if message is not None:
                await self._repo.suggestion_message(line_id, message.id)

    async def vote(self, interaction: discord.Interaction, vote: LineVote, line_id: int) -> None:
        line = await self._repo.line(line_id)
        session = await self._repo.session(line.session_id) if line is not None else None
        if line is None or session is None:
            await reply_privately(interaction, texts.GONE)
            return
        user = interaction.user
        async with self._db.transaction(lock=session_lock(session.id)) as db:
            current = await jams.session(db, session.id)
            fresh = next((x for x in await jams.lines(db, session.id) if x.id == line_id), None)
            members = {m.user_id for m in await jams.members(db, session.id) if m.joined}
            decided: str | None = None
            refusal = None
            if current is None or current.state == "ended":
                refusal = texts.ENDED
            elif fresh is None or fresh.status != "pending":
                refusal = texts.NOT_SUGGESTION
            elif leads(interaction, current):
                decided = "live" if vote is LineVote.YES else "rejected"
            elif user.id not in members:
                refusal = "Press **Join** on the sheet to vote on suggestions."
            else:
                await jams.vote(db, line_id, user.id, vote is LineVote.YES)
                yes, no = await jams.votes(db, line_id)
                needed = len(members | {current.host_id}) // 2 + 1
                decided = "live" if yes >= needed else "rejected" if no >= needed else None
            if decided is not None:
                await jams.set_line(db, line_id, decided)
            yes, no = await jams.votes(db, line_id)
        if refusal is not None:
            await reply_privately(interaction, refusal)
            return
        shown = await self._repo.line(line_id)
        if shown is None:  # pragma: no cover - just read
            return
        needed = await self._turns.majority(session)
        await interaction.response.edit_message(
            content=suggestion_text(
                shown, yes=yes, no=no, needed=needed, w=self._sheets.words(session)
            ),
            view=None if decided is not None else vote_row(line_id, self._sheets.words(session)),
            allowed_mentions=NO_PINGS,
        )  # fmt: skip
        if decided is not None:
            self._sheets.changed(session.id)
