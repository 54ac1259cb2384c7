"""A session's lyric sheet as data, and the texts made of it: the export, the song's lyrics,
a suggestion's message. Pure.

Everything members wrote is escaped and put on one line where it is shown, so no line break
or Markdown in a line can break a message's layout.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bot.core.formatting import one_line
from bot.core.i18n import ENGLISH, Words
from bot.features.jam import modes, sections
from bot.features.jam.modes import ModeRules
from bot.store.jams import JamLine, JamMember, JamRepository, JamSession

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
    def rules(self) -> ModeRules:
        """What its mode allows."""
        return modes.of(self.session.mode)

    @property
    def hidden(self) -> bool:
        """Only its last line shows: a hidden session, not revealed yet, not ended."""
        return self.rules.hidden and not self.session.revealed and not self.ended


async def load_sheet(
    repo: JamRepository, session_id: int, words: Callable[[JamSession], Words]
) -> Sheet | None:
    """A session's sheet as it is in the database now."""
    session = await repo.session(session_id)
    if session is None:
        return None
    lines = await repo.lines(session_id)
    members = await repo.members(session_id)
    shown = tuple(line for line in lines if line.status in ("live", "pending"))
    return Sheet(session, shown, tuple(members), words(session))


def in_order(lines: Iterable[JamLine]) -> list[JamLine]:
    return sorted(lines, key=lambda line: (sections.order(line.section), line.position, line.id))


def contributors(lines: Iterable[JamLine]) -> list[str]:
    """Authors of the lines, each once, in the order they first wrote."""
    names: dict[int, str] = {}
    for line in sorted(lines, key=lambda line: line.created_at):
        names.setdefault(line.author_id, line.author_name)
    return list(names.values())


def credit(names: list[str], words: Words = ENGLISH) -> str:
    """ "Ana", "Ana and Ben", "Ana, Ben and Cy": escaped, pinging nobody."""
    shown = [one_line(name, 40) for name in names[:MAX_NAMES]]
    if len(names) > MAX_NAMES:
        shown.append(words("{count} more", count=len(names) - MAX_NAMES))
    if len(shown) <= 1:
        return "".join(shown)
    return words("{names} and {last}", names=", ".join(shown[:-1]), last=shown[-1])


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
    line: JamLine, *, yes: int = 0, no: int = 0, needed: int = 0, words: Words = ENGLISH
) -> str:
    where = sections.label(line.section)
    author = one_line(line.author_name, 40)
    text = words("💡 **{author}** suggests for **{section}**:", author=author, section=where)
    text = f"{text}\n> {one_line(line.text, 300)}"
    if line.status in _DECIDED:
        return f"{text}\n{words(_DECIDED[line.status])}"
    if not needed:
        return text
    return f"{text}\n" + words(
        "👍 {yes} · 👎 {no} · {needed} needed", yes=yes, no=no, needed=needed
    )


_DECIDED = {"live": "✅ On the sheet.", "rejected": "❌ Not taken.", "removed": "↩️ Taken back."}
