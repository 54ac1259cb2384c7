"""What the queue tells members. Pure."""

from __future__ import annotations

import math

from bot.core.replies import relative
from bot.features.songs.queue.gate import Pause, Why


def about(seconds: float | None) -> str:
    """ "about 3 min", "under a minute", "about 2 h"; empty when nothing is known yet."""
    if seconds is None or not math.isfinite(seconds):
        return ""
    if seconds < 60:
        return "under a minute"
    if seconds < 90 * 60:
        return f"about {math.ceil(seconds / 60)} min"
    return f"about {round(seconds / 3600)} h"


def place_line(position: int, total: int, eta: float | None) -> str:
    """ "Queued: position 3 of 7, about 1 min"."""
    estimate = about(eta)
    return f"⏳ Queued: position {position} of {total}" + (f", {estimate}" if estimate else "")


def pause_line(pause: Pause | None, *, held: bool) -> str | None:
    """Why the queue is not moving, if it is not."""
    if held:
        return "⏸️ A moderator has paused this server's queue; your song keeps its place."
    if pause is None:
        return None
    if pause.why is Why.RATE_LIMITED:
        return (
            f"Soundverse asked songbot to slow down; the queue tries again {relative(pause.until)}."
        )
    if pause.why is Why.UNAVAILABLE:
        return (
            f"Soundverse can't be reached right now; the queue tries again {relative(pause.until)}."
        )
    return (
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


def cancelled_by(who: str, *, moderator: bool) -> str:
    if moderator:
        return f"A moderator ({who}) cancelled this song before it started. Nothing was charged."
    return CANCELLED_BY_REQUESTER


def refused_now(pause: Pause | None) -> str:
    """Where a server refuses beyond the caps and the song cannot start at once."""
    line = pause_line(pause, held=False)
    if line is None:
        return QUEUE_FULL_NOW
    return f"{line.split(';')[0]}, and this server doesn't queue songs; please try again later."
