"""The buttons under a song, as data: which actions, on which song. Pure; the Discord items
that carry them are in :mod:`.buttons`."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from bot.core.i18n import ENGLISH, Words
from bot.store.records import Origin


class Action(enum.StrEnum):
    """What a button does; its word is part of the button's custom id, so never rename one."""

    REGENERATE = "regenerate"
    REMIX = "remix"
    LYRICS = "lyrics"
    DELETE = "delete"
    JAM = "jam"  # start a lyric session from the song's lyrics
    CONFIRM_DELETE = "confirm-delete"  # on the private "are you sure?" message
    KEEP = "keep"
    CANCEL = "cancel"  # take a waiting song out of the queue
    HIDE = "hide"  # hide the song from the web gallery (on the "are you sure?" message)
    PLAY = "play"  # play the song to the member's voice channel (a listening party)


# Six buttons: Discord puts five in a row, so Delete stands alone on the second.
FINISHED = (
    Action.REGENERATE,
    Action.REMIX,
    Action.LYRICS,
    Action.JAM,
    Action.PLAY,
    Action.DELETE,
)
FAILED = (Action.REGENERATE, Action.DELETE)
CONFIRM = (Action.CONFIRM_DELETE, Action.KEEP)
CONFIRM_OR_HIDE = (Action.CONFIRM_DELETE, Action.HIDE, Action.KEEP)  # while the gallery is on


@dataclass(frozen=True, slots=True)
class ButtonRow:
    song_id: int
    actions: tuple[Action, ...]
    words: Words = ENGLISH  # the labels' language


@dataclass(frozen=True, slots=True)
class Lineage:
    """The song a new one was made from, as its message shows it."""

    origin: Origin
    name: str | None  # the earlier song's name
    url: str | None  # a link to the earlier song's message
    version: int | None = None  # the version a remix builds on
