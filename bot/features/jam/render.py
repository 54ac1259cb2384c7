"""The lyric sheet's message: a pure function of a session's sheet (:mod:`.lyrics`), the
embed and the rows of buttons its mode offers."""

from __future__ import annotations

from dataclasses import dataclass

import discord

from bot.core.embeds import DESCRIPTION, FIELD_VALUE, FOOTER, TITLE, bounded
from bot.core.formatting import cut, one_line
from bot.core.replies import relative
from bot.features.jam import sections
from bot.features.jam.actions import JamAction
from bot.features.jam.lyrics import Sheet, contributors, credit

COLOUR = discord.Colour.purple()
COLOUR_ENDED = discord.Colour.dark_grey()


@dataclass(frozen=True, slots=True)
class SheetScreen:
    embeds: tuple[discord.Embed, ...]
    rows: tuple[tuple[JamAction, ...], ...]

    def key(self) -> object:
        return ([e.to_dict() for e in self.embeds], self.rows)


def sheet_screen(sheet: Sheet) -> SheetScreen:
    session, words = sheet.session, sheet.words
    ended = sheet.ended
    embed = discord.Embed(
        title=one_line(f"🎶 {session.title}", TITLE), colour=COLOUR_ENDED if ended else COLOUR
    )
    style = one_line(session.style, 300) if session.style else words("*(none yet)*")
    host = one_line(session.host_name, 60)
    mode = words(sheet.rules.label)
    about = words(
        "**Style:** {style}\n**Host:** {host} · **Mode:** {mode}", style=style, host=host, mode=mode
    )
    embed.description = cut(f"{about}\n\n{_body(sheet)}", DESCRIPTION)
    names = contributors(sheet.live)
    if names:
        embed.add_field(
            name=words("Lyrics by"), value=cut(credit(names, words), FIELD_VALUE), inline=False
        )
    embed.add_field(name=words("Next"), value=cut(_next(sheet), FIELD_VALUE), inline=False)
    footer = words("Session {id} · {count} lines", id=session.id, count=len(sheet.live))
    embed.set_footer(text=cut(footer, FOOTER))
    return SheetScreen(tuple(bounded([embed])), _rows(sheet))


def _body(sheet: Sheet) -> str:
    live, words = sheet.live, sheet.words
    if not live:
        return words("*No lines yet. Press **Add lines** to write the first.*")
    if sheet.hidden:
        last = live[-1]
        hidden = words(
            "*{count} lines so far, hidden until the host reveals them. The last:*", count=len(live)
        )
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
            words("*…earlier lines are in the export.*")
            + "\n"
            + text[-(DESCRIPTION - 450) :].split("\n", 1)[-1]
        )
    return text


def _next(sheet: Sheet) -> str:
    session, words = sheet.session, sheet.words
    if sheet.ended:
        reason = session.end_reason or words("the host ended it")
        return words(
            "This session has ended ({reason}). **Export** still gives the whole sheet.",
            reason=reason,
        )
    if session.state == "locked":
        return words("The host locked the sheet: no new lines for now.")
    if sheet.rules.in_turns:
        turn = next((m for m in sheet.members if m.user_id == session.turn_user_id), None)
        if turn is None:
            return words("Press **Join** to write in turns; the first to join starts.")
        name = one_line(turn.name, 40)
        if session.turn_deadline:
            return words(
                "It's **{name}**'s turn (until {when}). Others: **Join** to get a turn.",
                name=name,
                when=relative(session.turn_deadline),
            )
        return words("It's **{name}**'s turn. Others: **Join** to get a turn.", name=name)
    waiting = len(sheet.pending)
    if sheet.rules.needs_approval and waiting:
        return words(
            "{count} suggested lines wait for approval in the thread. Add more with **Add lines**.",
            count=waiting,
        )
    return words(
        "Add to the song with **Add lines**; the host presses **Make the song** when it's ready."
    )


def _rows(sheet: Sheet) -> tuple[tuple[JamAction, ...], ...]:
    if sheet.ended:
        return ((JamAction.EXPORT,),)
    first = [JamAction.ADD, JamAction.UNDO]
    if sheet.rules.joinable:
        first += [JamAction.JOIN, JamAction.LEAVE]
    first.append(JamAction.EXPORT)
    return (tuple(first), (JamAction.TOOLS, JamAction.MAKE))
