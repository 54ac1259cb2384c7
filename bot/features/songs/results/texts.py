"""What the buttons under a song say, in one place."""

from __future__ import annotations

from bot.core.i18n import Said

GONE = "I no longer have that song in my records, so this button can't do anything now."
NO_REQUEST = (
    "I don't have the request this song was made from, so I can't make it again. "
    "Use /song to start a new one."
)
NOT_FINISHED = "This song has no finished version yet, so there is nothing to remix."
NOTHING_TO_PLAY = "This song has no finished version yet, so there is nothing to play."
NO_LYRICS = "This song has no lyrics I can show (it may be an instrumental)."
ALREADY_DELETED = "That song was deleted already."
NOT_YOURS = "Only the member who made this song, or a moderator, can delete it."
KEPT = "Kept: nothing was deleted."
GALLERY_OFF = "This server's web gallery is off, so there is nothing to hide the song from."
NOT_YOURS_TO_HIDE = (
    "Only the member who made this song, or a moderator, can hide it from the gallery, and "
    "only while the gallery shows it."
)
OR_HIDE = "Or hide it from the server's web gallery only: its messages here stay."
VERSION_GONE = "That version of the song isn't available any more; pick the other one."
LYRICS_IN_FILE = "The whole lyrics are in the attached file."


def confirm_delete(name: str) -> str:
    return Said(
        "Delete **{name}** and every message that shows it? This can't be undone. "
        "The song still counts toward usage limits.",
        name=name,
    )


def hidden(name: str) -> str:
    return Said("Hid **{name}** from the web gallery. Its messages here stay.", name=name)


def deleted(name: str, failed: int) -> str:
    if failed:
        return Said(
            "Deleted **{name}**, but I couldn't delete {failed} of its messages (I may "
            "lack permission in that channel now).",
            name=name,
            failed=failed,
        )
    return Said("Deleted **{name}**. It still counts toward usage limits.", name=name)
