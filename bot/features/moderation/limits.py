"""The limits a moderator can set: each knows its command option, its column and its words."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import TypeVar

from bot.store.moderation import LimitColumn

K = TypeVar("K")
N = TypeVar("N", bound=float)  # an int or a float option


class Limit(enum.Enum):
    """One settable limit. ``value`` is the command option's name."""

    MEMBER_DAILY = "member_daily"
    COOLDOWN = "cooldown_seconds"
    MEMBER_CONCURRENT = "member_concurrent"
    SERVER_CONCURRENT = "server_concurrent"
    SERVER_DAILY = "server_daily"
    MEMBER_WAITING = "member_waiting"
    SERVER_WAITING = "server_waiting"
    MEMBER_WEEKLY = "member_weekly"
    MEMBER_MONTHLY = "member_monthly"
    SERVER_WEEKLY = "server_weekly"
    SERVER_MONTHLY = "server_monthly"

    @property
    def column(self) -> LimitColumn:
        return _COLUMNS[self]

    @property
    def label(self) -> str:
        return _LABELS[self]


_COLUMNS: dict[Limit, LimitColumn] = {
    Limit.MEMBER_DAILY: "member_daily",
    Limit.COOLDOWN: "cooldown_seconds",
    Limit.MEMBER_CONCURRENT: "member_concurrent",
    Limit.SERVER_CONCURRENT: "guild_concurrent",
    Limit.SERVER_DAILY: "guild_daily",
    Limit.MEMBER_WAITING: "member_waiting",
    Limit.SERVER_WAITING: "guild_waiting",
    Limit.MEMBER_WEEKLY: "member_weekly",
    Limit.MEMBER_MONTHLY: "member_monthly",
    Limit.SERVER_WEEKLY: "guild_weekly",
    Limit.SERVER_MONTHLY: "guild_monthly",
}
_LABELS = {
    Limit.MEMBER_DAILY: "songs per member per day",
    Limit.COOLDOWN: "seconds between a member's songs",
    Limit.MEMBER_CONCURRENT: "songs per member at once",
    Limit.SERVER_CONCURRENT: "songs at once on the server",
    Limit.SERVER_DAILY: "songs per day on the server",
    Limit.MEMBER_WAITING: "songs a member may have waiting",
    Limit.SERVER_WAITING: "songs waiting on the server",
    Limit.MEMBER_WEEKLY: "songs per member per week",
    Limit.MEMBER_MONTHLY: "songs per member per month",
    Limit.SERVER_WEEKLY: "songs per week on the server",
    Limit.SERVER_MONTHLY: "songs per month on the server",
}


def from_command(value: N) -> N | None:
    """0 in a command means "no limit" (or "the default")."""
    return value or None


def given(options: Mapping[K, N | None]) -> dict[K, N | None]:
    """The options a moderator gave (None: not given), each as the value to set."""
    return {key: from_command(value) for key, value in options.items() if value is not None}


def describe(changes: dict[Limit, int | None]) -> str:
    """The audit log's and the reply's wording: "songs per member per day = 3, … removed"."""
    return ", ".join(
        f"{limit.label} {'removed' if value is None else f'= {value}'}"
        for limit, value in changes.items()
    )


def columns(changes: Mapping[Limit, int | None]) -> dict[str, int | None]:
    """The changes as the store writes them: by column."""
    return {limit.column: value for limit, value in changes.items()}
