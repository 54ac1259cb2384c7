"""What the settings log records for each change, and what the moderator is told. Pure."""

from __future__ import annotations


def role_limit(role_id: int, daily: int | None) -> str:
    return f"role {role_id}: {'unlimited' if daily is None else f'{daily} a day'}"


def role_cleared(role_id: int) -> str:
    return f"role {role_id} cleared"


def channel(channel_id: int, *, allowed: bool) -> str:
    return f"channel {channel_id} {'allowed' if allowed else 'removed'}"


def blocked(user_id: int) -> str:
    return f"blocked {user_id}"


def unblocked(user_id: int) -> str:
    return f"unblocked {user_id}"


def timezone(name: str) -> str:
    return f"timezone set to {name}"


def queue_mode(mode: str) -> str:
    if mode == "refuse":
        return "beyond the caps, songs are now refused"
    return "beyond the caps, songs now wait in the queue"


def queue_paused(*, paused: bool) -> str:
    return "this server's queue is paused" if paused else "this server's queue moves again"


NOTHING_TO_CHANGE = "Give at least one limit to change (0 removes a limit)."
UNKNOWN_TIMEZONE = "I don't know that time zone; try one like `Europe/Paris`."
UNKNOWN_VISIBILITY = "The gallery can be `off`, `members` or `public`."
