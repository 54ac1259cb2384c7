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
    """A session's mode: stored, and the /jam option's values; its rules are in :mod:`.modes`."""

    OPEN = "open"
    APPROVE = "approve"
    TURNS = "turns"
    HIDDEN = "hidden"
