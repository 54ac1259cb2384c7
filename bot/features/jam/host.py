"""The host's tools (also moderators'), as use cases: remove or move a line, lock, reveal,
hand over, end, and Make the song (through the normal song path, credited to every
contributor). Plain values in, an outcome out (:mod:`.outcomes`)."""

from __future__ import annotations

import time
from collections.abc import Callable

from bot.core.acting import Actor, Done, Refusal
from bot.core.formatting import link, one_line
from bot.core.i18n import Said
from bot.features.jam import modes, sections, texts
from bot.features.jam.actions import JamAction, Tool
from bot.features.jam.board import Board
from bot.features.jam.lyrics import contributors, credit, in_order, song_lyrics
from bot.features.jam.outcomes import (
    HostChanged,
    MakeAsked,
    MoveAsked,
    Outcome,
    Panel,
    SongAsked,
    ToolsShown,
)
from bot.features.songs import InputProblem, SongCard, SongInputs, build_request
from bot.store.jams import JamRepository, JamSession

GONE_LINE = "That line is no longer on the sheet."


class HostTools:
    def __init__(
        self, repo: JamRepository, board: Board, clock: Callable[[], float] = time.time
    ) -> None:
        self._repo = repo
        self._board = board
        self._clock = clock

    async def pressed(self, actor: Actor, action: JamAction, session: JamSession) -> Outcome:
        if not leads(actor, session):
            return Refusal(texts.HOST_ONLY)
        if action is JamAction.TOOLS:
            return ToolsShown(texts.TOOLS, await self._panel(session), edit=False)
        if action is JamAction.MAKE:
            return await self._ask_make(session)
        if action is JamAction.END:
            # Kept as written, in the session's words: the sheet shows it to everyone.
            reason = texts.ended_by(actor.name, self._board.words(session))
            moderator = None if actor.member_id == session.host_id else actor.member_id
            await self.end(session.id, reason, moderator=moderator)
            return Done("The session has ended.")
        if action is JamAction.REVEAL:
            return await self._reveal(session)
        locked = action is JamAction.LOCK
        await self._repo.set_state(session.id, "locked" if locked else "open")
        self._board.changed(session.id)
        return Done("Locked the sheet." if locked else "Unlocked it.")

    async def _panel(self, session: JamSession) -> Panel:
        lines = in_order(x for x in await self._repo.lines(session.id) if x.status == "live")
        can_reveal = modes.of(session.mode).hidden and not session.revealed
        return Panel(session.id, tuple(lines), session.state == "locked", can_reveal)

    async def _reveal(self, session: JamSession) -> Outcome:
        if not modes.of(session.mode).hidden:
            return Refusal(texts.NOT_HIDDEN)
        await self._repo.reveal(session.id)
        self._board.changed(session.id)

        async def then() -> None:
            words = self._board.words(session)
            await self._board.say(session, words("👀 The host revealed the whole sheet."))

        return Done("The whole sheet is shown now.", then)

    async def chose(self, actor: Actor, tool: Tool, session_id: int, values: list[str]) -> Outcome:
        """A line picked in the host's Remove or Move menu."""
        session = await self._repo.session(session_id)
        line = await self._repo.line(int(values[0])) if values and values[0].isdigit() else None
        if session is None:
            return Refusal(texts.GONE)
        if not leads(actor, session):
            return Refusal(texts.HOST_ONLY)
        if line is None or line.session_id != session_id or line.status != "live":
            return Refusal(GONE_LINE)
        if tool is Tool.REMOVE:
            await self._repo.set_line(session_id, line.id, "removed")
            self._board.changed(session_id)
            return ToolsShown(
                Said("Removed {line}.", line=quoted(line.text)), await self._panel(session)
            )
        used = {x.section for x in await self._repo.lines(session_id) if x.status == "live"}
        return MoveAsked(
            Said("Move {line} to:", line=quoted(line.text)), line.id, tuple(sections.choices(used))
        )

    async def moved(self, actor: Actor, line_id: int, section: str) -> Outcome:
        """Where the host moves a line."""
        line = await self._repo.line(line_id)
        session = await self._repo.session(line.session_id) if line is not None else None
        if line is None or session is None:
            return Refusal(texts.GONE)
        if not leads(actor, session):
            return Refusal(texts.HOST_ONLY)
        if not sections.valid(section) or line.status != "live":
            return Refusal(GONE_LINE)
        await self._repo.move_line(session.id, line_id, section)
        self._board.changed(session.id)
        said = Said(
            "Moved {line} to **{section}**.",
            line=quoted(line.text),
            section=sections.label(section),
        )
        return ToolsShown(said, await self._panel(session))

    async def handed_over(self, actor: Actor, session_id: int, to: Actor) -> Outcome:
        """Who hosts the session now."""
        session = await self._repo.session(session_id)
        if session is None:
            return Refusal(texts.GONE)
        if not leads(actor, session):
            return Refusal(texts.HOST_ONLY)
        if to.bot:
            return Refusal("A bot can't host a session.")
        await self._repo.hand_over(session_id, to.member_id, to.name)
        self._board.changed(session_id)

        async def then() -> None:
            words = self._board.words(session)
            await self._board.say(session, f"🎤 {texts.host_now(plain(to.name), words)}")

        return HostChanged(texts.host_now(plain(to.name)), then)

    async def end(self, session_id: int, reason: str, *, moderator: int | None = None) -> None:
        """End a session (the host, a moderator, or the clock when it is idle); a moderator's
        act goes into the server's settings log, so the moderators' log tells it."""
        async with self._repo.locked(session_id) as db:
            current = await self._repo.session(session_id, connection=db)
            if current is None or current.state == "ended":
                return
            await self._repo.end(session_id, self._clock(), reason, connection=db)
            if moderator is not None:
                said = f"lyric session {session_id} ({current.title}) ended by a moderator"
                await self._repo.log_change(
                    session_id, current.guild_id, moderator, said, connection=db
                )
        await self._board.ended(session_id)

    # --- Make the song -------------------------------------------------------------------

    async def _ask_make(self, session: JamSession) -> Outcome:
        live = [x for x in await self._repo.lines(session.id) if x.status == "live"]
        if not live:
            return Refusal(texts.EMPTY)
        title = " ".join(session.title.split())
        return MakeAsked(session.id, title, session.style or "", song_lyrics(live))

    async def make(self, actor: Actor, session_id: int, style: str, lyrics: str) -> Outcome:
        """The Make the song form: the song, credited to everyone on the sheet."""
        session = await self._repo.session(session_id)
        if session is None:
            return Refusal(texts.GONE)
        if not leads(actor, session):
            return Refusal(texts.HOST_ONLY)
        live = [x for x in await self._repo.lines(session.id) if x.status == "live"]
        try:
            request = build_request(SongInputs(prompt=style, lyrics=lyrics))
        except InputProblem as problem:
            return Refusal(problem.message)
        if style != (session.style or ""):
            await self._repo.set_style(session.id, style or None)
            self._board.changed(session.id)
        sheet = None
        if session.sheet_id is not None:
            sheet = (
                f"https://discord.com/channels/{session.guild_id}/{session.channel_id}/"
                f"{session.sheet_id}"
            )
        words = self._board.words(session)  # the song is posted in the session's thread
        names = credit(contributors(live), words) or plain(actor.name)
        card = SongCard(
            requester=actor.name,
            prompt=request.prompt,
            lyrics_source="written in a session",
            credits=words(
                "Lyrics by {names} · {sheet}",
                names=names,
                sheet=link(words("the lyric sheet"), sheet),
            ),
            words=words,
        )
        return SongAsked(request, card, session.thread_id)


def leads(actor: Actor, session: JamSession) -> bool:
    """The session's host, or a moderator."""
    return actor.member_id == session.host_id or actor.moderator


def plain(text: str) -> str:
    """A member's words for one of the bot's sentences: one line, escaped, cut whole."""
    return one_line(text, 100)


def quoted(text: str) -> str:
    return f"“{plain(text)}”"
