"""What the session use cases give back, as plain values (who acts and where, in, are
:mod:`bot.core.acting`'s): a :class:`Refusal` or what was done. Any front end (Discord's
buttons and forms today) turns an outcome into its reply, then runs its ``then``: what the
session's thread hears afterwards, so the member's answer comes first, as it always has. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.acting import Done, Refusal, Then
from bot.core.i18n import ENGLISH, Words
from bot.features.songs import SongCard
from bot.soundverse import SongRequest
from bot.store.jams import JamLine


@dataclass(frozen=True, slots=True)
class Opened:
    """A session was written; its sheet is the answer, and its thread starts on the sheet."""

    session_id: int
    title: str


@dataclass(frozen=True, slots=True)
class AddAsked:
    """The Add lines form is due: which sections it offers and which it starts on."""

    session_id: int
    title: str  # escaped
    used: frozenset[str]
    last: str | None
    line_chars: int


@dataclass(frozen=True, slots=True)
class MakeAsked:
    """The Make the song form is due, filled in with the style and the sheet's lyrics."""

    session_id: int
    title: str
    style: str
    lyrics: str


@dataclass(frozen=True, slots=True)
class Panel:
    """The host's private tools: the sheet's lines to remove or move, and the buttons that
    apply now."""

    session_id: int
    lines: tuple[JamLine, ...]
    locked: bool
    can_reveal: bool


@dataclass(frozen=True, slots=True)
class ToolsShown:
    """The host's panel with a sentence: a new private message, or the panel's own, edited."""

    text: str
    panel: Panel
    edit: bool = True


@dataclass(frozen=True, slots=True)
class MoveAsked:
    """Where may this line go: the panel's message asks."""

    text: str
    line_id: int
    sections: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class HostChanged:
    """The hand-over menu's message becomes this sentence."""

    text: str
    then: Then | None = None


@dataclass(frozen=True, slots=True)
class Exported:
    """The whole sheet as a text file, for the member alone."""

    text: str
    filename: str
    content: str


@dataclass(frozen=True, slots=True)
class VoteCounted:
    """A vote on a suggested line: its message shows the count (and, once decided, no
    buttons), in the session's words."""

    text: str
    line_id: int
    decided: bool
    words: Words = ENGLISH
    then: Then | None = None


@dataclass(frozen=True, slots=True)
class SongAsked:
    """Make the song: through the normal song path, posted in the session's thread."""

    request: SongRequest
    card: SongCard
    thread_id: int | None


# What a front end answers with its own words and controls; and every outcome.
Reply = (
    Refusal
    | Done
    | AddAsked
    | MakeAsked
    | ToolsShown
    | MoveAsked
    | HostChanged
    | Exported
    | VoteCounted
)
Outcome = Reply | Opened | SongAsked
