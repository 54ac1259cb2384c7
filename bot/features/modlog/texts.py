"""What the moderators' log says, as plain text (pure; Discord shows it as Markdown, pinging
nobody). Every value from members or the API is escaped here; the bot's own words are not."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from bot.core.formatting import cut, fit
from bot.core.timestamps import relative
from bot.store.modlog import Entry

MESSAGE_CHARS = 2000  # Discord's limit for a message's content
CHANGE_CHARS = 300  # one settings change, at most (a disqualified entry's reason is long)

PAUSED_BALANCE = (
    "⏸️ Soundverse's balance has run out: the song queue is paused for everyone (songs keep "
    "their places). It is tried again {when}, or at once with `/songadmin queue retry_now:True` "
    "after a top-up."
)
PAUSED_OUTAGE = (
    "⏸️ Soundverse is unavailable: the song queue is paused (songs keep their places) and it "
    "is tried again {when}."
)
RESUMED = "▶️ Soundverse takes songs again: the queue moves."
WHOLE = 100  # percent: a budget all spent
# The settings log names members, roles and channels by id at the start of its own wordings
# (``moderation/texts.py``): shown as mentions, which Discord writes as names (pinging nobody).
_NAMED = (
    (re.compile(r"^(un)?blocked (\d+)"), r"\1blocked <@\2>"),
    (re.compile(r"^role (\d+)"), r"role <@&\1>"),
    (re.compile(r"^(log )?channel (set to )?(\d+)"), r"\1channel \2<#\3>"),
)
_PERIODS = {"day": "daily", "week": "weekly", "month": "monthly"}
_SCOPES = {"server": "The server's", "member": "A member's", "role": "A role's"}


def paused(why: str, until: float) -> str:
    text = PAUSED_BALANCE if why == "no_balance" else PAUSED_OUTAGE
    return text.format(when=relative(until))


def budget_crossed(
    *, scope: str, period: str, percent: int, spent: int, limit: int, resets_at: float
) -> str:
    whose = _SCOPES.get(scope, f"The {fit(scope, 40)}")
    every = _PERIODS.get(period, fit(period, 20))
    mark = "🛑" if percent >= WHOLE else "⚠️"
    return (
        f"{mark} {whose} {every} token budget is {percent} % spent: {spent:,} of {limit:,} "
        f"tokens. It resets {relative(resets_at)}."
    )


def line(entry: Entry) -> str:
    """One thing told: when, and what (a settings change says who; one made on the dashboard
    ends "(via web)", as the settings log wrote it)."""
    when = f"<t:{math.floor(entry.at)}:t>"
    if entry.by is None:
        return f"{when} {entry.text}"
    change = fit(entry.text, CHANGE_CHARS)
    for wording, named in _NAMED:
        change = wording.sub(named, change)
    return f"{when} ⚙️ <@{entry.by}>: {change}"


def message(entries: Sequence[Entry]) -> tuple[str, list[Entry]]:
    """One message with as many of ``entries`` as fit, oldest first, and which they are (the
    rest wait for the next message). The first always goes, cut if it must."""
    lines: list[str] = []
    told: list[Entry] = []
    size = 0
    for entry in entries:
        said = line(entry)
        if told and size + 1 + len(said) > MESSAGE_CHARS:
            break
        lines.append(cut(said, MESSAGE_CHARS))
        told.append(entry)
        size += len(said) + (1 if len(lines) > 1 else 0)
    return "\n".join(lines), told
