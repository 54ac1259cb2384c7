"""The host's tools (also moderators'): remove or move a line, lock, reveal, hand over, end,
and Make the song, through the normal song path, credited to every contributor."""

from __future__ import annotations

import time
from collections.abc import Callable

import discord

from bot.core.components import stopped
from bot.core.formatting import link
from bot.core.i18n import Words, localized, members_words
from bot.core.replies import NO_PINGS, is_moderator, reply_privately
from bot.features.jam import sections, texts
from bot.features.jam.actions import JamAction, Mode, Tool
from bot.features.jam.controls import HostMenu, JamButton, LineMenu, SectionMenu
from bot.features.jam.forms import MakeForm, make_modal
from bot.features.jam.render import contributors, credit, in_order, song_lyrics
from bot.features.jam.sheet import Sheets, Thread
from bot.features.songs import (
    InputProblem,
    SongCard,
    SongInputs,
    SongResponder,
    build_request,
)
from bot.store import jams
from bot.store.jams import JamLine, JamRepository, JamSession
from bot.store.records import Origin
from bot.store.sql import session_lock


class HostTools:
    def __init__(
        self, repo: JamRepository, sheets: Sheets, songs: SongResponder, thread: Thread,
        clock: Callable[[], float] = time.time,
    ) -> None:  # fmt: skip
        self._repo = repo
        self._db = repo.database
        self._sheets = sheets
        self._songs = songs
        self._thread = thread
        self._clock = clock

    async def pressed(
        self, interaction: discord.Interaction, action: JamAction, session: JamSession
    ) -> None:
        if not leads(interaction, session):
            await reply_privately(interaction, texts.HOST_ONLY)
            return
        if action is JamAction.TOOLS:
            await interaction.response.send_message(
                localized(interaction, texts.TOOLS),
                view=await self._tools(session, members_words(interaction)), ephemeral=True,
                allowed_mentions=NO_PINGS,
            )  # fmt: skip
        elif action is JamAction.MAKE:
            await self._open_make(interaction, session)
        elif action is JamAction.END:
            # Kept as written, in the session's words: the sheet shows it to everyone.
            reason = texts.ended_by(_name(interaction.user), self._sheets.words(session))
            await self.end(session.id, reason)
            await reply_privately(interaction, "The session has ended.")
        elif action is JamAction.REVEAL:
            await self._reveal(interaction, session)
        else:
            locked = action is JamAction.LOCK
            await self._update(session.id, state="locked" if locked else "open")
            await reply_privately(interaction, "Locked the sheet." if locked else "Unlocked it.")

    async def _tools(self, session: JamSession, w: Words) -> discord.ui.View:
        """The host's private panel, in the host's words."""
        lines = in_order(x for x in await self._repo.lines(session.id) if x.status == "live")
        buttons = [JamButton(JamAction.UNLOCK if session.state == "locked" else JamAction.LOCK,
                             session.id, w)]  # fmt: skip
        if session.mode == Mode.HIDDEN and not session.revealed:
            buttons.append(JamButton(JamAction.REVEAL, session.id, w))
        buttons.append(JamButton(JamAction.END, session.id, w))
        return stopped(
            [LineMenu(Tool.REMOVE, session.id, lines, w)],
            [LineMenu(Tool.MOVE, session.id, lines, w)], [HostMenu(session.id, w)], buttons,
        )  # fmt: skip

    async def _reveal(self, interaction: discord.Interaction, session: JamSession) -> None:
        if session.mode != Mode.HIDDEN:
            await reply_privately(interaction, texts.NOT_HIDDEN)
            return
        await self._update(session.id, revealed=True)
        await reply_privately(interaction, "The whole sheet is shown now.")
        await self._sheets.say(
            session, self._sheets.words(session)("👀 The host revealed the whole sheet.")
        )

    async def chose(
        self, interaction: discord.Interaction, tool: Tool, session_id: int, values: list[str]
    ) -> None:
        session = await self._repo.session(session_id)
        line = await self._repo.line(int(values[0])) if values and values[0].isdigit() else None
        if session is None:
            await reply_privately(interaction, texts.GONE)
        elif not leads(interaction, session):
            await reply_privately(interaction, texts.HOST_ONLY)
        elif line is None or line.session_id != session_id or line.status != "live":
            await reply_privately(interaction, "That line is no longer on the sheet.")
        elif tool is Tool.REMOVE:
            async with self._db.transaction(lock=session_lock(session_id)) as db:
                await jams.set_line(db, line.id, "removed")
            self._sheets.changed(session_id)
            w = members_words(interaction)
            await interaction.response.edit_message(
                content=w("Removed {line}.", line=_quoted(line)),
                view=await self._tools(session, w),
            )
        else:
            used = {x.section for x in await self._repo.lines(session_id) if x.status == "live"}
            w = members_words(interaction)
            await interaction.response.edit_message(
                content=w("Move {line} to:", line=_quoted(line)),
                view=stopped([SectionMenu(line.id, sections.choices(used), w)]),
            )

    async def moved(self, interaction: discord.Interaction, line_id: int, section: str) -> None:
        line = await self._repo.line(line_id)
        session = await self._repo.session(line.session_id) if line is not None else None
        if line is None or session is None:
            await reply_privately(interaction, texts.GONE)
        elif not leads(interaction, session):
            await reply_privately(interaction, texts.HOST_ONLY)
        elif not sections.valid(section) or line.status != "live":
            await reply_privately(interaction, "That line is no longer on the sheet.")
        else:
            async with self._db.transaction(lock=session_lock(session.id)) as db:
                await jams.move_line(db, line_id, section)
            self._sheets.changed(session.id)
            w = members_words(interaction)
            await interaction.response.edit_message(
                content=w("Moved {line} to **{section}**.", line=_quoted(line),
                          section=sections.label(section)),
                view=await self._tools(session, w),
            )  # fmt: skip

    async def handed_over(
        self, interaction: discord.Interaction, session_id: int, user: discord.abc.User
    ) -> None:
        session = await self._repo.session(session_id)
        if session is None:
            await reply_privately(interaction, texts.GONE)
        elif not leads(interaction, session):
            await reply_privately(interaction, texts.HOST_ONLY)
        elif user.bot:
            await reply_privately(interaction, "A bot can't host a session.")
        else:
            await self._update(session_id, host_id=user.id, host_name=_name(user))
            await interaction.response.edit_message(
                content=texts.host_now(plain(_name(user))), view=None
            )
            w = self._sheets.words(session)
            await self._sheets.say(session, f"🎤 {texts.host_now(plain(_name(user)), w)}")

    async def end(self, session_id: int, reason: str) -> None:
        async with self._db.transaction(lock=session_lock(session_id)) as db:
            current = await jams.session(db, session_id)
            if current is None or current.state == "ended":
                return
            await jams.update_session(
                db, session_id, state="ended", ended_at=self._clock(), end_reason=reason,
                turn_user_id=None, turn_deadline=None,
            )  # fmt: skip
        await self._sheets.ended(session_id)

    # --- Make the song -------------------------------------------------------------------

    async def _open_make(self, interaction: discord.Interaction, session: JamSession) -> None:
        live = [x for x in await self._repo.lines(session.id) if x.status == "live"]
        if not live:
            await reply_privately(interaction, texts.EMPTY)
            return
        title = " ".join(session.title.split())
        await interaction.response.send_modal(
            make_modal(session.id, title, session.style or "", song_lyrics(live))
        )

    async def make(self, interaction: discord.Interaction, form: MakeForm) -> None:
        session = await self._repo.session(form.session_id)
        if session is None:
            await reply_privately(interaction, texts.GONE)
            return
        if not leads(interaction, session):
            await reply_privately(interaction, texts.HOST_ONLY)
            return
        live = [x for x in await self._repo.lines(session.id) if x.status == "live"]
        try:
            request = build_request(SongInputs(prompt=form.style, lyrics=form.lyrics))
        except InputProblem as problem:
            await reply_privately(interaction, problem.message)
            return
        if form.style != (session.style or ""):
            await self._update(session.id, style=form.style or None)
        sheet = None
        if session.sheet_id is not None:
            sheet = (f"https://discord.com/channels/{session.guild_id}/{session.channel_id}/"
                     f"{session.sheet_id}")  # fmt: skip
        w = self._sheets.words(session)  # the song is posted in the session's thread
        names = credit(contributors(live), w) or plain(_name(interaction.user))
        card = SongCard(
            requester=_name(interaction.user), prompt=request.prompt,
            lyrics_source="written in a session",
            credits=w("Lyrics by {names} · {sheet}", names=names,
                      sheet=link(w("the lyric sheet"), sheet)),
            words=w,
        )  # fmt: skip
        thread = await self._thread(session.thread_id) if session.thread_id else None
        await self._songs.begin(interaction, request, card, origin=Origin.JAM, place=thread)

    async def _update(self, session_id: int, **values: object) -> None:
        async with self._db.transaction(lock=session_lock(session_id)) as db:
            await jams.update_session(db, session_id, **values)
        self._sheets.changed(session_id)


def leads(interaction: discord.Interaction, session: JamSession) -> bool:
    """The session's host, or a moderator."""
    return interaction.user.id == session.host_id or is_moderator(interaction)


def _name(user: discord.abc.User) -> str:
    return user.display_name


def plain(text: str) -> str:
    """A member's words for one of the bot's sentences: one line, Markdown escaped."""
    return discord.utils.escape_markdown(" ".join(text.split()))[:100]


def _quoted(line: JamLine) -> str:
    return f"“{plain(line.text)}”"
