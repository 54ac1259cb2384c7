"""What the settings log records for each change, and what the moderator is told. Pure."""

from __future__ import annotations

from collections.abc import Sequence

from bot.store.modlog import LogChannel
from bot.store.records import WEEKDAYS, BudgetKey


def role_limit(role_id: int, daily: int | None) -> str:
    return f"role {role_id}: {'unlimited' if daily is None else f'{daily} a day'}"


def role_cleared(role_id: int) -> str:
    return f"role {role_id} cleared"


def channel(channel_id: int, *, allowed: bool) -> str:
    return f"channel {channel_id} {'allowed' if allowed else 'removed'}"


def blocked(user_id: int, reason: str | None = None) -> str:
    """With the reason, so the moderators' log tells why (escaped wherever it is shown)."""
    return f"blocked {user_id}: {reason}" if reason else f"blocked {user_id}"


def unblocked(user_id: int) -> str:
    return f"unblocked {user_id}"


def timezone(name: str) -> str:
    return f"timezone set to {name}"


def budget(key: BudgetKey, tokens: int | None) -> str:
    """A budget set, in the log's words: "monthly token budget of the server: 20,000"."""
    amount = "unlimited" if tokens is None else f"{tokens:,}"
    return f"{budget_name(key, mention=False)}: {amount}"


def budget_cleared(key: BudgetKey) -> str:
    return f"{budget_name(key, mention=False)} removed"


def budget_name(key: BudgetKey, *, mention: bool = True) -> str:
    """ "monthly token budget of the server", "… per member with <@&role>" (a mention for the
    moderator, the role's id in the log)."""
    if key.scope == "role":
        role = f"<@&{key.role_id}>" if mention else f"role {key.role_id}"
        whose = f"per member with {role}"
    else:
        whose = "of the server" if key.scope == "server" else "per member"
    return f"{PER_PERIOD[key.period]} token budget {whose}"


def estimate(tokens: int | None) -> str:
    shown = "the default" if tokens is None else f"{tokens:,} tokens"
    return f"a song's estimate before there is history: {shown}"


def week_start(weekday: int) -> str:
    return f"weeks start on {WEEKDAYS[weekday]}"


PER_PERIOD = {"day": "daily", "week": "weekly", "month": "monthly"}


def queue_mode(mode: str) -> str:
    if mode == "refuse":
        return "beyond the caps, songs are now refused"
    return "beyond the caps, songs now wait in the queue"


def queue_paused(*, paused: bool) -> str:
    return "this server's queue is paused" if paused else "this server's queue moves again"


def log_channel(channel_id: int | None) -> str:
    return "log channel off" if channel_id is None else f"log channel set to {channel_id}"


def log_channel_set(channel_id: int) -> str:
    return (
        f"The moderators' log is now <#{channel_id}>: settings changes, blocks, budgets and "
        "Soundverse's pauses are told there, a message a minute at most."
    )


def cannot_post(channel_id: int, missing: Sequence[str]) -> str:
    needed = ", ".join(missing[:-1]) + " and " + missing[-1] if len(missing) > 1 else missing[0]
    return f"I can't post in <#{channel_id}>: give me {needed} there, then try again."


def log_status(channel: LogChannel | None) -> str:
    if channel is None:
        return "There is no moderators' log: choose its channel with `/songadmin log channel:`."
    if channel.problem is None:
        return f"The moderators' log is <#{channel.channel_id}>."
    return (
        f"The moderators' log in <#{channel.channel_id}> has stopped: {channel.problem}. Choose "
        "its channel again with `/songadmin log channel:` once I can post there."
    )


NOTHING_TO_CHANGE = "Give at least one limit to change (0 removes a limit)."
UNKNOWN_TIMEZONE = "I don't know that time zone; try one like `Europe/Paris`."
UNKNOWN_VISIBILITY = "The gallery can be `off`, `members` or `public`."
NO_TOKENS = "Give the budget in tokens (0 removes it; for a role, 0 means unlimited)."
ROLE_NEEDED = "Name the role whose budget to set (scope: role)."
ROLE_ONLY_WITH_ROLE_SCOPE = "A role is named only with scope: role."
NO_CALENDAR_CHANGE = "Give a time zone, or the day the week starts on."
