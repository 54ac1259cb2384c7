"""What the queue tells members. Pure."""

from __future__ import annotations

import math

from bot.core.i18n import ENGLISH, Words
from bot.core.timestamps import relative
from bot.features.songs.queue.gate import Pause, Why


def about(seconds: float | None, words: Words = ENGLISH) -> str:
    """ "about 3 min", "under a minute", "about 2 h"; empty when nothing is known yet."""
    if seconds is None or not math.isfinite(seconds):
        return ""
    if seconds < 60:
        return words("under a minute")
    if seconds < 90 * 60:
        return words("about {minutes} min", minutes=math.ceil(seconds / 60))
    return words("about {hours} h", hours=round(seconds / 3600))


def place_line(position: int, total: int, eta: float | None, words: Words = ENGLISH) -> str:
    """ "Queued: position 3 of 7, about 1 min"."""
    estimate = about(eta, words)
    place = words("⏳ Queued: position {position} of {total}", position=position, total=total)
    return f"{place}, {estimate}" if estimate else place


def pause_line(pause: Pause | None, *, held: bool, words: Words = ENGLISH) -> str | None:
    """Why the queue is not moving, if it is not."""
    if held:
        return words("⏸️ A moderator has paused this server's queue; your song keeps its place.")
    if pause is None:
        return None
    if pause.why is Why.RATE_LIMITED:
        return words(
            "Soundverse asked songbot to slow down; the queue tries again {when}.",
            when=relative(pause.until),
        )
    if pause.why is Why.UNAVAILABLE:
        return words(
            "Soundverse can't be reached right now; the queue tries again {when}.",
            when=relative(pause.until),
        )
    return words(
        "songbot's Soundverse balance has run out, so the queue is paused for everyone until "
        "it is topped up; your song keeps its place."
    )


CANCELLED_BY_REQUESTER = "You cancelled this song before it started. Nothing was charged."
NOT_WAITING = "That song isn't waiting any more: it has started or ended."
NOT_YOURS = "Only the member who asked for this song, or a moderator, can cancel it."
CANCELLED = "Cancelled: the song left the queue and your slot is given back."
QUEUE_FULL_NOW = (
    "songbot is making as many songs as it can at once right now, and this server doesn't "
    "queue them; please try again in a minute."
)


def cancelled_by(who: str, *, moderator: bool, words: Words = ENGLISH) -> str:
    if moderator:
        return words(
            "A moderator ({member}) cancelled this song before it started. Nothing was charged.",
            member=who,
        )
    return words(CANCELLED_BY_REQUESTER)


def refused_now(pause: Pause | None) -> str:
    """Where a server refuses beyond the caps and the song cannot start at once."""
    line = pause_line(pause, held=False)
    if line is None:
        return QUEUE_FULL_NOW
    return f"{line.split(';')[0]}, and this server doesn't queue songs; please try again later."
