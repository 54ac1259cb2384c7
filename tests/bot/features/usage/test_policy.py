"""Limit decisions, as pure functions."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot.features.usage.policy import (
    Counts,
    Policy,
    ServerDay,
    check,
    daily_limit_for,
    day_bounds,
)

NOW = datetime(2026, 11, 23, 15, 30, tzinfo=UTC).timestamp()
NONE = Counts(member_today=0, member_active=0, guild_today=0, guild_active=0, member_last_at=None)


def counts(**changes: object) -> Counts:
    return replace(NONE, **changes)  # type: ignore[arg-type]


def decide(policy: Policy, **count_changes: object) -> str | None:
    refusal = check(
        policy,
        counts(**count_changes),
        now=NOW,
        channel_id=5,
        role_ids=frozenset({7}),
        blocked=False,
    )
    return refusal.limit if refusal else None


def REFUSING(**limits: int) -> Policy:  # noqa: N802 - reads as a kind of Policy
    return Policy(queue_mode="refuse", **limits)  # type: ignore[arg-type]


def test_no_policy_allows_everything() -> None:
    assert decide(Policy(), member_today=1000, guild_active=1000) is None


@pytest.mark.parametrize(
    ("policy", "count_changes", "limit"),
    [
        (Policy(member_daily=3), {"member_today": 3}, "member_daily"),
        (Policy(member_daily=3), {"member_today": 2}, None),
        (Policy(cooldown_seconds=60), {"member_last_at": NOW - 30}, "cooldown"),
        (Policy(cooldown_seconds=60), {"member_last_at": NOW - 61}, None),
        (Policy(member_concurrent=1), {"member_active": 1}, None),  # it waits in the queue
        (Policy(guild_concurrent=5), {"guild_active": 5}, None),
        (REFUSING(member_concurrent=1), {"member_active": 1}, "member_concurrent"),
        (REFUSING(guild_concurrent=5), {"guild_active": 5}, "guild_concurrent"),
        (REFUSING(member_concurrent=1), {"member_active": 0}, None),
        (Policy(member_waiting=2), {"member_waiting": 2}, "member_waiting"),
        (Policy(member_waiting=2), {"member_waiting": 1}, None),
        (Policy(guild_waiting=9), {"guild_waiting": 9}, "guild_waiting"),
        (REFUSING(guild_waiting=9), {"guild_waiting": 9}, None),  # nothing waits there
        (Policy(guild_daily=10), {"guild_today": 10}, "guild_daily"),
        (Policy(allowed_channels=frozenset({9})), {}, "channel"),
        (Policy(allowed_channels=frozenset({5})), {}, None),
    ],
)
def test_each_limit(policy: Policy, count_changes: dict[str, object], limit: str | None) -> None:
    assert decide(policy, **count_changes) == limit


def test_blocked_comes_first() -> None:
    refusal = check(Policy(), NONE, now=NOW, channel_id=5, role_ids=frozenset(), blocked=True)
    assert refusal is not None
    assert refusal.limit == "blocked"


def test_role_overrides_take_the_most_generous() -> None:
    policy = Policy(member_daily=1, role_daily={7: 5, 8: 2})
    assert daily_limit_for(policy, frozenset({7, 8})) == 5
    assert daily_limit_for(policy, frozenset({8})) == 2
    assert daily_limit_for(policy, frozenset()) == 1
    assert daily_limit_for(Policy(member_daily=1, role_daily={7: None}), frozenset({7})) is None


def test_daily_refusal_names_the_reset_time() -> None:
    refusal = check(
        Policy(member_daily=2),
        counts(member_today=2),
        now=NOW,
        channel_id=5,
        role_ids=frozenset(),
        blocked=False,
    )
    assert refusal is not None
    midnight = datetime(2026, 11, 24, tzinfo=UTC).timestamp()
    assert refusal.resets_at == midnight
    assert f"<t:{int(midnight)}:R>" in refusal.text
    assert "your 2 songs for today" in refusal.text


def test_day_boundary_in_a_server_timezone() -> None:
    start, end = day_bounds(NOW, "America/New_York")  # 10:30 there
    assert datetime.fromtimestamp(start, UTC).hour == 5
    assert end - start == 86400
    spring = datetime(2026, 3, 8, 12, tzinfo=UTC).timestamp()  # a 23-hour day there
    start, end = day_bounds(spring, "America/New_York")
    assert end - start == 23 * 3600


def test_the_servers_day_and_its_offset() -> None:
    day = ServerDay.at(NOW, "America/New_York")
    assert (day.start, day.end) == day_bounds(NOW, "America/New_York")
    assert day.date.isoformat() == "2026-11-23"
    assert day.utc_offset == -5 * 3600
    late = ServerDay.at(datetime(2026, 11, 23, 23, 30, tzinfo=UTC).timestamp(), "Asia/Tokyo")
    assert late.date.isoformat() == "2026-11-24"
