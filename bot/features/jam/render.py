"""The lyric sheet, the export and the song's lyrics: pure functions of a session's state.

Everything members wrote is escaped and put on one line, so no line break or Markdown in a
line can break the sheet's layout.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import discord

from bot.core.embeds import DESCRIPTION, FIELD_VALUE, FOOTER, TITLE, bounded
from bot.core.formatting import cut, one_line
from bot.core.i18n import ENGLISH, Words
from bot.core.replies import relative
from bot.features.jam import sections
from bot.features.jam.actions import MODE_WORDS, JamAction, Mode
from bot.store.jams import JamLine, JamMember, JamSession

COLOUR = discord.Colour.purple()
COLOUR_ENDED = discord.Colour.dark_grey()
MAX_NAMES = 20


@dataclass(frozen=True, slots=True)
class Sheet:
    """Everything a lyric sheet shows."""

    session: JamSession
    lines: tuple[JamLine, ...]  # live and pending, any order
    members: tuple[JamMember, ...]
    words: Words = ENGLISH  # the session's language: everyone in the thread reads the sheet

    @property
    def live(self) -> list[JamLine]:
        return in_order(line for line in self.lines if line.status == "live")

    @property
    def pending(self) -> list[JamLine]:
        return in_order(line for line in self.lines if line.status == "pending")

    @property
    def ended(self) -> bool:
        return self.session.state == "ended"

    @property
    def mode(self) -> Mode:
        return Mode(self.session.mode)


@dataclass(frozen=True, slots=True)
class SheetScreen:
    embeds: tuple[discord.Embed, ...]
    rows: tuple[tuple[JamAction, ...], ...]

    def key(self) -> object:
        return ([e.to_dict() for e in self.embeds], self.rows)


def in_order(lines: Iterable[JamLine]) -> list[JamLine]:
    return sorted(lines, key=lambda line: (sections.order(line.section), line.position, line.id))


def contributors(lines: Iterable[JamLine]) -> list[str]:
    """Authors of the lines, each once, in the order they first wrote."""
    names: dict[int, str] = {}
    for line in sorted(lines, key=lambda line: line.created_at):
        names.setdefault(line.author_id, line.author_name)
    return list(names.values())


def credit(names: list[str], w: Words = ENGLISH) -> str:
    """ "Ana", "Ana and Ben", "Ana, Ben and Cy": escaped, pinging nobody."""
    shown = [one_line(name, 40) for name in names[:MAX_NAMES]]
    if len(names) > MAX_NAMES:
        shown.append(w("{count} more", count=len(names) - MAX_NAMES))
    if len(shown) <= 1:
        return "".join(shown)
    return w("{names} and {last}", names=", ".join(shown[:-1]), last=shown[-1])


def sheet_screen(sheet: Sheet) -> SheetScreen:
    session, w = sheet.session, sheet.words
    ended = sheet.ended
    embed = discord.Embed(title=one_line(f"🎶 {session.title}", TITLE),
                          colour=COLOUR_ENDED if ended else COLOUR)  # fmt: skip
    style = one_line(session.style, 300) if session.style else w("*(none yet)*")
    host = one_line(session.host_name, 60)
    mode = w(MODE_WORDS[sheet.mode])
    about = w("**Style:** {style}\n**Host:** {host} · **Mode:** {mode}",
              style=style, host=host, mode=mode)  # fmt: skip
    embed.description = cut(f"{about}\n\n{_body(sheet)}", DESCRIPTION)
    names = contributors(sheet.live)
    if names:
        embed.add_field(name=w("Lyrics by"), value=cut(credit(names, w), FIELD_VALUE),
                        inline=False)  # fmt: skip
    embed.add_field(name=w("Next"), value=cut(_next(sheet), FIELD_VALUE), inline=False)
    footer = w("Session {id} · {count} lines", id=session.id, count=len(sheet.live))
    embed.set_footer(text=cut(footer, FOOTER))
    return SheetScreen(tuple(bounded([embed])), _rows(sheet))


def _body(sheet: Sheet) -> str:
    live, w = sheet.live, sheet.words
    if not live:
        return w("*No lines yet. Press **Add lines** to write the first.*")
    if sheet.mode is Mode.HIDDEN and not sheet.session.revealed and not sheet.ended:
        last = live[-1]
        hidden = w("*{count} lines so far, hidden until the host reveals them. The last:*",
                   count=len(live))  # fmt: skip
        return f"{hidden}\n> {one_line(last.text, 300)}"
    parts: list[str] = []
    for n, line in enumerate(live):
        if n == 0 or live[n - 1].section != line.section:
            parts.append(f"\n**{sections.label(line.section)}**")
        nxt = live[n + 1] if n + 1 < len(live) else None
        text = one_line(line.text, 300)
        # Who wrote it, once per run of lines by the same author: 60 lines stay readable.
        if nxt is None or nxt.section != line.section or nxt.author_id != line.author_id:
            text += f" · *{one_line(line.author_name, 40)}*"
        parts.append(text)
    text = "\n".join(parts).strip()
    if len(text) > DESCRIPTION - 400:  # the top stays readable; the export has it all
        text = (
            w("*…earlier lines are in the export.*") + "\n"
            + text[-(DESCRIPTION - 450) :].split("\n", 1)[-1]
        )  # fmt: skip
    return text


def _next(sheet: Sheet) -> str:
    session, w = sheet.session, sheet.words
    if sheet.ended:
        reason = session.end_reason or w("the host ended it")
        return w("This session has ended ({reason}). **Export** still gives the whole sheet.",
                 reason=reason)  # fmt: skip
    if session.state == "locked":
        return w("The host locked the sheet: no new lines for now.")
    if sheet.mode is Mode.TURNS:
        turn = next((m for m in sheet.members if m.user_id == session.turn_user_id), None)
        if turn is None:
            return w("Press **Join** to write in turns; the first to join starts.")
        name = one_line(turn.name, 40)
        if session.turn_deadline:
            return w("It's **{name}**'s turn (until {when}). Others: **Join** to get a turn.",
                     name=name, when=relative(session.turn_deadline))  # fmt: skip
        return w("It's **{name}**'s turn. Others: **Join** to get a turn.", name=name)
    waiting = len(sheet.pending)
    if sheet.mode is Mode.APPROVE and waiting:
        return w("{count} suggested lines wait for approval in the thread. Add more with "
                 "**Add lines**.", count=waiting)  # fmt: skip
    return w(
        "Add to the song with **Add lines**; the host presses **Make the song** when it's ready."
    )


def _rows(sheet: Sheet) -> tuple[tuple[JamAction, ...], ...]:
    if sheet.ended:
        return ((JamAction.EXPORT,),)
    first = [JamAction.ADD, JamAction.UNDO]
    if sheet.mode in (Mode.TURNS, Mode.APPROVE):
        first += [JamAction.JOIN, JamAction.LEAVE]
    first.append(JamAction.EXPORT)
    return (tuple(first), (JamAction.TOOLS, JamAction.MAKE))


def export_text(sheet: Sheet) -> str:
    """The whole sheet as plain text: sections, lines with their authors, credits."""
    session = sheet.session
    out = [
        f"{' '.join(session.title.split())}",
        f"Style: {' '.join((session.style or '').split())}",
        "",
    ]
    section = None
    for line in sheet.live:
        if line.section != section:
            section = line.section
            out += ["", f"[{sections.label(section)}]"]
        out.append(f"{' '.join(line.text.split())}    ({' '.join(line.author_name.split())})")
    names = [" ".join(n.split()) for n in contributors(sheet.live)]
    out += ["", f"Lyrics by {', '.join(names) or 'nobody yet'}"]
    return "\n".join(out).replace("\n\n\n", "\n\n") + "\n"


def song_lyrics(lines: Iterable[JamLine]) -> str:
    """The lyrics for the API: sections in sheet order, each under a ``[Label]`` line."""
    out: list[str] = []
    section = None
    for line in in_order(lines):
        if line.section != section:
            section = line.section
            out += ["", f"[{sections.label(section)}]"]
        out.append(" ".join(line.text.split()))
    return "\n".join(out).strip()


def suggestion_text(
    line: JamLine, *, yes: int = 0, no: int = 0, needed: int = 0, w: Words = ENGLISH
) -> str:
    where = sections.label(line.section)
    author = one_line(line.author_name, 40)
    text = w("💡 **{author}** suggests for **{section}**:", author=author, section=where)
    text = f"{text}\n> {one_line(line.text, 300)}"
    if line.status in _DECIDED:
        return f"{text}\n{w(_DECIDED[line.status])}"
    if not needed:
        return text
    return f"{text}\n" + w("👍 {yes} · 👎 {no} · {needed} needed", yes=yes, no=no, needed=needed)


_DECIDED = {"live": "✅ On the sheet.", "rejected": "❌ Not taken.", "removed": "↩️ Taken back."}
