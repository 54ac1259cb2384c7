"""Every button under a song, in one table: how it looks, who may press it, and what it does.
A new button is one entry here (its word in :class:`~.row.Action` is its custom id), its
handler in :mod:`.handlers`, and its texts; /help lists it from here (:func:`buttons_help`).
Plain values: no Discord here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.core.acting import Actor, Refusal
from bot.features.songs.results import handlers
from bot.features.songs.results.handlers import Handler
from bot.features.songs.results.row import FINISHED, Action
from bot.features.songs.results.texts import ALREADY_DELETED, NOT_YOURS
from bot.store.song_records import SongDetail

Rule = Callable[[Actor, SongDetail], Refusal | None]  # who may press it: why not, or None


def anyone(_who: Actor, _song: SongDetail) -> None:
    return None


def maker_or_moderator(who: Actor, song: SongDetail) -> Refusal | None:
    """The member who made the song, or a moderator, while it is not deleted."""
    if song.record.deleted:
        return Refusal(ALREADY_DELETED)
    if who.member_id != song.record.user_id and not who.moderator:
        return Refusal(NOT_YOURS)
    return None


@dataclass(frozen=True, slots=True)
class ResultButton:
    look: tuple[str, str, str]  # emoji, English label, colour ("primary", "danger"…)
    handler: Handler
    may_press: Rule = anyone
    reads_song: bool = True  # False: answered from memory (the queue knows its songs)
    helps: str = ""  # what /help says it does; empty: /help leaves it out

    @property
    def label(self) -> str:
        return self.look[1]


BUTTONS: dict[Action, ResultButton] = {
    Action.REGENERATE: ResultButton(
        ("🔁", "Regenerate", "primary"), handlers.regenerate, helps="the same request again"
    ),
    Action.REMIX: ResultButton(
        ("🎛️", "Remix", "secondary"), handlers.open_remix, helps="build on a version"
    ),
    Action.LYRICS: ResultButton(
        ("📝", "Lyrics", "secondary"), handlers.lyrics, helps="only to you"
    ),
    Action.JAM: ResultButton(
        ("🎶", "Jam", "secondary"), handlers.jam, helps="a session from its lyrics"
    ),
    Action.PLAY: ResultButton(
        ("🔊", "Play in voice", "secondary"),
        handlers.play_in_voice,
        helps="to your voice channel, as `/listen song`",
    ),
    Action.DELETE: ResultButton(
        ("🗑️", "Delete", "danger"),
        handlers.ask_delete,
        may_press=maker_or_moderator,
        helps="yours, or any for moderators",
    ),
    Action.CONFIRM_DELETE: ResultButton(
        ("🗑️", "Yes, delete it", "danger"), handlers.delete, may_press=maker_or_moderator
    ),
    Action.KEEP: ResultButton(("↩️", "Keep it", "secondary"), handlers.keep),
    Action.HIDE: ResultButton(("🙈", "Hide from the gallery", "secondary"), handlers.hide),
    Action.CANCEL: ResultButton(
        ("✖️", "Cancel", "secondary"), handlers.cancel_waiting, reads_song=False
    ),
}


def buttons_help() -> str:
    """/help's paragraph on the buttons, from the table: each of a finished song's buttons
    that says what it does, then the waiting song's."""
    shown = [f"**{BUTTONS[a].label}** ({BUTTONS[a].helps})" for a in FINISHED if BUTTONS[a].helps]
    listed = f"{', '.join(shown[:-1])} and {shown[-1]}" if len(shown) > 1 else "".join(shown)
    return (
        f"Under every song: {listed}. A song waiting its turn shows its place in the queue "
        f"and **{BUTTONS[Action.CANCEL].label}**."
    )
