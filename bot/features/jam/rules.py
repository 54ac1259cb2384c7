"""A server's rules for sessions, with their defaults, and the checks made before a session
starts or a line is written. Pure: figures in, a refusal's words (or None) out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from bot.core.i18n import Said
from bot.store.jams import JamSettings

MAX_SHEET_CHARS = 3500  # the lyrics sent to the API, labels included, stay under 4,000
MAX_LINES_AT_ONCE = 4
_N = TypeVar("_N", int, float)


@dataclass(frozen=True, slots=True)
class Rules:
    starter_role_id: int | None = None  # None: everyone may start a session
    max_open: int = 5  # open sessions per server
    lines_per_member: int = 40  # per member per session
    line_chars: int = 200
    sheet_chars: int = 3000
    lines_per_minute: int = 6  # per member
    idle_hours: float = 24.0
    turn_minutes: float = 10.0

    @classmethod
    def of(cls, stored: JamSettings) -> Rules:
        defaults = cls()
        return cls(
            starter_role_id=stored.starter_role_id,
            max_open=_pick(stored.max_open, defaults.max_open),
            lines_per_member=_pick(stored.lines_per_member, defaults.lines_per_member),
            line_chars=_pick(stored.line_chars, defaults.line_chars),
            sheet_chars=min(MAX_SHEET_CHARS, _pick(stored.sheet_chars, defaults.sheet_chars)),
            lines_per_minute=_pick(stored.lines_per_minute, defaults.lines_per_minute),
            idle_hours=_pick(stored.idle_hours, defaults.idle_hours),
            turn_minutes=_pick(stored.turn_minutes, defaults.turn_minutes),
        )


def _pick(stored: _N | None, default: _N) -> _N:
    return default if stored is None else stored


def start_refusal(
    rules: Rules, *, open_now: int, role_ids: frozenset[int], moderator: bool
) -> str | None:
    if (
        not moderator
        and rules.starter_role_id is not None
        and rules.starter_role_id not in role_ids
    ):
        return Said(
            "Only members with the {role} role can start a session here.",
            role=f"<@&{rules.starter_role_id}>",
        )
    if open_now >= rules.max_open:
        return Said(
            "This server already has {open} open sessions (the limit is {limit}). Join one, or "
            "wait until one ends.",
            open=open_now,
            limit=rules.max_open,
        )
    return None


@dataclass(frozen=True, slots=True)
class Contribution:
    """What a member's new lines would add, and what is already there."""

    lines: tuple[str, ...]
    member_lines: int  # the member's lines in the session that count
    recent: int  # the member's lines in the last minute
    sheet_chars: int  # characters on the sheet now


def line_refusal(rules: Rules, c: Contribution) -> str | None:
    if not c.lines:
        return "Write at least one line."
    if len(c.lines) > MAX_LINES_AT_ONCE:
        return Said("Add at most {count} lines at a time.", count=MAX_LINES_AT_ONCE)
    longest = max(len(line) for line in c.lines)
    if longest > rules.line_chars:
        return Said(
            "A line can be at most {limit} characters; yours has {length}.",
            limit=rules.line_chars,
            length=longest,
        )
    if c.member_lines + len(c.lines) > rules.lines_per_member:
        left = max(0, rules.lines_per_member - c.member_lines)
        return Said(
            "You can write {limit} lines in a session; {left} left.",
            limit=rules.lines_per_member,
            left=left,
        )
    if c.recent + len(c.lines) > rules.lines_per_minute:
        return Said(
            "Slow down: at most {limit} lines a minute. Try again shortly.",
            limit=rules.lines_per_minute,
        )
    if c.sheet_chars + sum(len(line) for line in c.lines) > rules.sheet_chars:
        return Said(
            "The sheet is full ({limit} characters, what a song can take). Ask the host "
            "to remove a line first.",
            limit=f"{rules.sheet_chars:,}",
        )
    return None


# The rules a moderator can set, with the words that describe them.
RULE_WORDS = {
    "max_open": "open sessions per server",
    "lines_per_member": "lines per member per session",
    "line_chars": "characters per line",
    "sheet_chars": "characters per sheet",
    "lines_per_minute": "lines per member per minute",
    "idle_hours": "hours without a line before a session ends",
    "turn_minutes": "minutes per turn",
}


def rules_text(rules: Rules) -> str:
    """Every rule for sessions, one per line."""
    starters = "everyone" if rules.starter_role_id is None else f"<@&{rules.starter_role_id}>"
    lines = [f"Who may start sessions: {starters} (and moderators)"]
    lines += [f"{words}: {getattr(rules, column):g}" for column, words in RULE_WORDS.items()]
    return "\n".join(lines)


def describe_change(values: dict[str, int | float | None]) -> str:
    """ "lines per member per session = 20, minutes per turn = default"": for the log."""
    parts = []
    for column, value in values.items():
        words = RULE_WORDS.get(column, "who may start sessions")
        shown = (
            "default"
            if value is None
            else (f"<@&{value}>" if column == "starter_role_id" else f"{value:g}")
        )
        parts.append(f"{words} = {shown}")
    return ", ".join(parts)
