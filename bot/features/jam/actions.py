"""What the controls of a session do, as data: each word is part of a custom id, so never
rename one. Pure; the Discord items are in :mod:`.controls`."""

from __future__ import annotations

import enum


class JamAction(enum.StrEnum):
    ADD = "add"
    UNDO = "undo"
    JOIN = "join"
    LEAVE = "leave"
    EXPORT = "export"
    TOOLS = "tools"
    MAKE = "make"
    LOCK = "lock"
    UNLOCK = "unlock"
    REVEAL = "reveal"
    END = "end"


class LineVote(enum.StrEnum):
    YES = "yes"
    NO = "no"


class Tool(enum.StrEnum):
    """The host's menus (select menus on the private tools message)."""

    REMOVE = "remove"
    MOVE = "move"
    HANDOVER = "handover"


class Mode(enum.StrEnum):
    OPEN = "open"
    APPROVE = "approve"
    TURNS = "turns"
    HIDDEN = "hidden"


MODE_WORDS = {
    Mode.OPEN: "open: lines go on the sheet at once",
    Mode.APPROVE: "approve: lines wait for the host's or the members' approval",
    Mode.TURNS: "turns: joined members write in rotation",
    Mode.HIDDEN: "hidden: you see only the last line until the host reveals the sheet",
}
