"""Sessions: starting one, and what members do on its sheet (add lines, undo, join, leave,
vote, export). Every change is checked and written in one transaction, so two members
pressing at once never lose a line and the rules hold; the host's tools are in :mod:`.host`
and the clock's work (turns, idle sessions) in :mod:`.turns`."""

from __future__ import annotations

import io
import logging
import re
import time
from collections.abc import Callable

import discord

from bot.core.i18n import ENGLISH, Words
from bot.core.replies import NO_PINGS, reply_privately
from bot.features.jam import sections, texts
from bot.features.jam.actions import JamAction, Mode
from bot.features.jam.forms import AddForm, MakeForm, add_modal
from bot.features.jam.host import HostTools, leads, plain
from bot.features.jam.opening import Opening, open_session
from bot.features.jam.render import Sheet, export_text, suggestion_text
from bot.features.jam.rules import Contribution, Rules, line_refusal
from bot.features.jam.sheet import Channel, Sheets, Thread
from bot.features.jam.suggestions import Suggestions
from bot.features.jam.turns import Turns
from bot.features.songs import SongResponder
from bot.store import jams
from bot.store.jams import JamRepository, JamSession
from bot.store.sql import Connection, session_lock

log = logging.getLogger(__name__)


class JamService:
    def __init__(
        self, repo: JamRepository, sheets: Sheets, host: HostTools, turns: Turns,
        clock: Callable[[], float] = time.time,
    ) -> None:  # fmt: skip
        self._repo = repo
        self._db = repo.database
        self.sheets = sheets
        self.host = host
        self.turns = turns
        self.suggestions = Suggestions(repo, sheets, turns)
        self._clock = clock

    @classmethod
    def assemble(
        cls, repo: JamRepository, songs: SongResponder, *, channel: Channel, thread: Thread,
        interval: float, clock: Callable[[], float] = time.time,
        words_in: Callable[[str | None], Words] = lambda _locale: ENGLISH,
    ) -> JamService:  # fmt: skip
        """Every part of the feature, wired to one another."""
        sheets = Sheets(repo, channel, thread, interval=interval, words_in=words_in)
        host = HostTools(repo, sheets, songs, thread, clock)
        turns = Turns(repo, sheets, clock)
        turns.end_idle = host.end
        return cls(repo, sheets, host, turns, clock)

    async def resume(self) -> int:
        """After a start: bring every open session's sheet up to date; how many there are."""
        live = await self._repo.live_sessions()
        for session in live:
            self.sheets.changed(session.id)
        return len(live)

    async def close(self) -> None:
        await self.sheets.close()

    # --- starting ------------------------------------------------------------------------

    async def start(self, interaction: discord.Interaction, opening: Opening) -> None:
        """Open a session (see :func:`.opening.open_session`)."""
        await open_session(self._repo, self.sheets, interaction, opening, now=self._clock())

    # --- the sheet's buttons ---------------------------------------------------------------

    async def pressed(
        self, interaction: discord.Interaction, action: JamAction, session_id: int
    ) -> None:
        session = await self._repo.session(session_id)
        if session is None:
            await reply_privately(interaction, texts.GONE)
        elif action is JamAction.EXPORT:
            await self._export(interaction, session_id)
        elif session.state == "ended":
            await reply_privately(interaction, texts.ENDED)
        elif action is JamAction.ADD:
            await self._open_add(interaction, session)
        elif action is JamAction.UNDO:
            await self._undo(interaction, session)
        elif action in (JamAction.JOIN, JamAction.LEAVE):
            await self._membership(interaction, session, joining=action is JamAction.JOIN)
        else:
            await self.host.pressed(interaction, action, session)

    async def submitted(self, interaction: discord.Interaction, form: AddForm | MakeForm) -> None:
        if isinstance(form, AddForm):
            await self._add(interaction, form)
        else:
            await self.host.make(interaction, form)

    # --- members' actions ----------------------------------------------------------------

    async def _open_add(self, interaction: discord.Interaction, session: JamSession) -> None:
        if session.state == "locked":
            await reply_privately(interaction, texts.LOCKED)
            return
        refusal = await self.turns.refusal(session, interaction.user.id)
        if refusal is not None:
            await reply_privately(interaction, refusal)
            return
        lines = await self._repo.lines(session.id)
        live = [line for line in lines if line.status == "live"]
        mine = [line for line in lines if line.author_id == interaction.user.id]
        last = (mine or live)[-1] if (mine or live) else None
        rules = Rules.of(await self._repo.settings(session.guild_id))
        modal = add_modal(
            session.id, plain(session.title), {line.section for line in live},
            last.section if last is not None else None, rules.line_chars,
        )  # fmt: skip
        await interaction.response.send_modal(modal)

    async def _add(self, interaction: discord.Interaction, form: AddForm) -> None:
        user, now = interaction.user, self._clock()
        if form.section is None or not sections.valid(form.section):
            await reply_privately(interaction, texts.NO_SECTION)
            return
        added: list[int] = []
        waits, passed = False, None
        async with self._db.transaction(lock=session_lock(form.session_id)) as db:
            session = await jams.session(db, form.session_id)
            refusal = await self._add_refusal(db, session, user.id, form, now)
            if session is not None and refusal is None:
                waits = session.mode == Mode.APPROVE and not leads(interaction, session)
                status = "pending" if waits else "live"
                added = [
                    await jams.insert_line(db, {
                        "session_id": session.id, "section": form.section, "text": text,
                        "author_id": user.id, "author_name": user.display_name,
                        "status": status, "now": now,
                    })
                    for text in form.lines
                ]  # fmt: skip
                await jams.update_session(db, session.id, active_at=now)
                passed = await self.turns.after_contribution(db, session, user.id, now)
        if session is None or refusal is not None:
            await reply_privately(interaction, refusal or texts.GONE)
            return
        await reply_privately(interaction, texts.added(len(added), waits))
        self.sheets.changed(session.id)
        if waits:
            await self.suggestions.post(session, added)
        if passed is not None:
            await self.turns.announce(passed)

    async def _add_refusal(
        self, db: Connection, session: JamSession | None, user_id: int,
        form: AddForm, now: float,
    ) -> str | None:  # fmt: skip
        if session is None:
            return texts.GONE
        if session.state == "ended":
            return texts.ENDED
        if session.state == "locked":
            return texts.LOCKED
        if await jams.is_blocked(db, session.guild_id, user_id):
            return texts.BLOCKED
        turn = await self.turns.refusal(session, user_id, db=db)
        if turn is not None:
            return turn
        rules = Rules.of(await jams.settings(db, session.guild_id))
        member_lines, recent = await jams.author_counts(db, session.id, user_id, now - 60)
        on_sheet = await jams.lines(db, session.id)
        chars = sum(len(line.text) for line in on_sheet if line.status in ("live", "pending"))
        return line_refusal(rules, Contribution(form.lines, member_lines, recent, chars))

    async def _undo(self, interaction: discord.Interaction, session: JamSession) -> None:
        async with self._db.transaction(lock=session_lock(session.id)) as db:
            mine = [
                line for line in await jams.lines(db, session.id)
                if line.author_id == interaction.user.id and line.status in ("live", "pending")
            ]  # fmt: skip
            last = max(mine, key=lambda line: (line.created_at, line.id)) if mine else None
            if last is not None:
                await jams.set_line(db, last.id, "removed")
        if last is None:
            await reply_privately(interaction, texts.NOTHING_TO_UNDO)
            return
        await reply_privately(interaction, texts.undone(_quoted(last.text)))
        self.sheets.changed(session.id)
        if last.message_id is not None:
            withdrawn = await self._repo.line(last.id)
            if withdrawn is not None:
                await self.sheets.edit_message(
                    session,
                    last.message_id,
                    suggestion_text(withdrawn, w=self.sheets.words(session)),
                    None,
                )

    async def _membership(
        self, interaction: discord.Interaction, session: JamSession, *, joining: bool
    ) -> None:
        if session.mode not in (Mode.TURNS, Mode.APPROVE):
            await reply_privately(interaction, texts.NOT_TURNS)
            return
        user, now = interaction.user, self._clock()
        async with self._db.transaction(lock=session_lock(session.id)) as db:
            if joining and await jams.is_blocked(db, session.guild_id, user.id):
                await reply_privately(interaction, texts.BLOCKED)
                return
            members = {m.user_id: m for m in await jams.members(db, session.id)}
            if not joining and not (user.id in members and members[user.id].joined):
                answer = texts.NOT_JOINED
                passed = None
            elif joining:
                await jams.join(db, session.id, user.id, user.display_name)
                passed = await self.turns.after_join(db, session, now)
                answer = texts.JOINED if session.mode == Mode.TURNS else texts.JOINED_VOTES
            else:
                await jams.leave(db, session.id, user.id)
                passed = await self.turns.after_leave(db, session, user.id, now)
                answer = texts.LEFT
        await reply_privately(interaction, answer)
        self.sheets.changed(session.id)
        if passed is not None:
            await self.turns.announce(passed)

    async def _export(self, interaction: discord.Interaction, session_id: int) -> None:
        sheet: Sheet | None = await self.sheets.sheet(session_id)
        if sheet is None:
            await reply_privately(interaction, texts.GONE)
            return
        session = sheet.session
        hidden = session.mode == Mode.HIDDEN and not session.revealed and not sheet.ended
        if hidden and not leads(interaction, session):  # an exquisite corpse stays hidden
            await reply_privately(interaction, texts.STILL_HIDDEN)
            return
        name = re.sub(r"[^A-Za-z0-9]+", "-", sheet.session.title).strip("-")[:50] or "session"
        file = discord.File(io.BytesIO(export_text(sheet).encode()), f"{name}.txt")
        await interaction.response.send_message(
            "The lyric sheet, with sections and credits:", file=file, ephemeral=True,
            allowed_mentions=NO_PINGS,
        )  # fmt: skip


def _quoted(text: str) -> str:
    return f"“{plain(text)}”"
