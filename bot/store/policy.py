"""A server's policy (limits, role overrides, allowed channels, queue mode), read as steps
that a transaction drives; the moderators' changes to it are in :mod:`bot.store.moderation`."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot.store.records import PERIODS, Period, Policy
from bot.store.sql import Rows, Steps, query

_SETTINGS = (
    "SELECT member_daily, cooldown_seconds, member_concurrent, guild_concurrent, guild_daily,"
    " timezone, queue_mode, member_waiting, guild_waiting, queue_paused, member_weekly,"
    " member_monthly, guild_weekly, guild_monthly, week_start, token_estimate"
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
    budgets = yield from query(
        "SELECT scope, role_id, period, tokens FROM token_budgets WHERE guild_id = ?", (guild_id,)
    )
    return _policy(settings[0] if settings else None, roles, channels, budgets)


def _policy(row: tuple[Any, ...] | None, roles: Rows, channels: Rows, budgets: Rows) -> Policy:
    role_daily = {int(role): daily for role, daily in roles}
    allowed = frozenset(int(channel) for (channel,) in channels)
    server: dict[Period, int] = {}
    member: dict[Period, int] = {}
    role_tokens: dict[int, dict[Period, int | None]] = {}
    for scope, role_id, period, tokens in budgets:
        if period not in PERIODS:  # pragma: no cover - only the store writes them
            continue
        if scope == "role":
            role_tokens.setdefault(int(role_id), {})[period] = tokens
        elif tokens is not None:
            (server if scope == "server" else member)[period] = int(tokens)
    policy = _settings(row, role_daily, allowed)
    return replace(policy, server_tokens=server, member_tokens=member, role_tokens=role_tokens)


def _settings(
    row: tuple[Any, ...] | None, role_daily: dict[int, int | None], allowed: frozenset[int]
) -> Policy:
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
        member_weekly=row[10],
        member_monthly=row[11],
        guild_weekly=row[12],
        guild_monthly=row[13],
        week_start=int(row[14] or 0),
        token_estimate=row[15],
        role_daily=role_daily,
        allowed_channels=allowed,
    )
