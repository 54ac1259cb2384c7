"""A server's policy (limits, role overrides, allowed channels, queue mode), read as steps
that a transaction drives; the moderators' changes to it are in :mod:`bot.store.moderation`."""

from __future__ import annotations

from typing import Any

from bot.store.records import Policy
from bot.store.sql import Rows, Steps, query

_SETTINGS = (
    "SELECT member_daily, cooldown_seconds, member_concurrent, guild_concurrent, guild_daily,"
    " timezone, queue_mode, member_waiting, guild_waiting, queue_paused"
    " FROM guild_settings WHERE guild_id = ?"
)


def load_policy(guild_id: int) -> Steps[Policy]:
    """A server's policy: steps, for a transaction (or ``ModerationRepository.policy``)."""
    settings = yield from query(_SETTINGS, (guild_id,))
    roles = yield from query(
        "SELECT role_id, daily FROM role_limits WHERE guild_id = ?", (guild_id,)
    )
    channels = yield from query(
        "SELECT channel_id FROM allowed_channels WHERE guild_id = ?", (guild_id,)
    )
    return _policy(settings[0] if settings else None, roles, channels)


def _policy(row: tuple[Any, ...] | None, roles: Rows, channels: Rows) -> Policy:
    role_daily = {int(role): daily for role, daily in roles}
    allowed = frozenset(int(channel) for (channel,) in channels)
    if row is None:
        return Policy(role_daily=role_daily, allowed_channels=allowed)
    return Policy(
        member_daily=row[0],
        cooldown_seconds=row[1],
        member_concurrent=row[2],
        guild_concurrent=row[3],
        guild_daily=row[4],
        timezone=row[5] or "UTC",
        queue_mode="refuse" if row[6] == "refuse" else "queue",
        member_waiting=row[7],
        guild_waiting=row[8],
        queue_paused=bool(row[9]),
        role_daily=role_daily,
        allowed_channels=allowed,
    )
