"""How members write in each mode of ``/jam``, as one table: a new mode is one row here (its
value in :class:`.actions.Mode`) plus, if it behaves in a new way, the functions that differ.
Pure.

The columns are the rules every part reads: the sheet's buttons and its "Next" line
(:mod:`.render`), who may add a line and whether it waits (:mod:`.service`,
:mod:`.suggestions`), turns (:mod:`.turns`), what the export and the host's tools show
(:mod:`.service`, :mod:`.host`), and the command's choices (``cogs/jam.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.features.jam.actions import Mode


@dataclass(frozen=True, slots=True)
class ModeRules:
    label: str  # on the sheet ("Mode: …")
    choice: str  # the /jam start option's choice
    joinable: bool = False  # members press Join (and Leave)
    needs_approval: bool = False  # a member's line waits for the host's or a majority's yes
    hidden: bool = False  # the sheet shows only the last line until the host reveals it
    in_turns: bool = False  # joined members write one after another, each with a clock


MODES: dict[Mode, ModeRules] = {
    Mode.OPEN: ModeRules(
        label="open: lines go on the sheet at once",
        choice="open: lines go on the sheet at once",
    ),
    Mode.APPROVE: ModeRules(
        label="approve: lines wait for the host's or the members' approval",
        choice="approve: the host or a vote approves each line",
        joinable=True,
        needs_approval=True,
    ),
    Mode.TURNS: ModeRules(
        label="turns: joined members write in rotation",
        choice="turns: members write in rotation",
        joinable=True,
        in_turns=True,
    ),
    Mode.HIDDEN: ModeRules(
        label="hidden: you see only the last line until the host reveals the sheet",
        choice="hidden: only the last line shows until revealed",
        hidden=True,
    ),
}


def of(mode: str) -> ModeRules:
    """The rules of a session's mode (as stored)."""
    return MODES[Mode(mode)]
