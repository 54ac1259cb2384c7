"""The usage figures with plain values: who asks in, the figures (in the server's day) or a
refusal out."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.core.acting import Actor, Place, Refusal
from bot.features.usage.reservations import Reservations, Reserved
from bot.features.usage.service import (
    MEMBER_DAYS,
    MODERATORS_ONLY,
    OTHERS_USAGE,
    SERVER_DAYS,
    Allowance,
    MemberFigures,
    ServerFigures,
    UsageService,
)
from bot.store import Ask, Database, ModerationRepository, UsageRepository

GUILD, CHANNEL, MEMBER, OTHER, MOD, DJ = 1, 10, 100, 200, 900, 77
MEMBER_ACTS = Actor(MEMBER, "Member")
MODERATOR = Actor(MOD, "Mod", moderator=True, manages_server=True)
# Manage Messages: may manage others' songs and sessions, not see others' usage.
MESSAGES_MODERATOR = Actor(MEMBER, "Member", moderator=True)
HERE = Place(GUILD, CHANNEL)


def at(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()


NOW = at("2026-03-02 10:00")  # 11:00 on the 2nd in Paris


@pytest.fixture
async def service(sqlite_database: Database) -> UsageService:
    """Two songs by MEMBER (one yesterday, one today in Paris) and one by OTHER; a daily limit
    of 3, unlimited for DJs, and Paris's day."""
    moderation = ModerationRepository(sqlite_database)
    await moderation.set_timezone(GUILD, MOD, "Europe/Paris", "tz")
    await moderation.set_limits(GUILD, MOD, {"member_daily": 3, "cooldown_seconds": 60}, "x")
    await moderation.set_role_limit(GUILD, MOD, DJ, None, "dj")
    reservations = Reservations(sqlite_database)
    for when, user in (
        ("2026-03-01 12:00", MEMBER),
        ("2026-03-01 23:30", MEMBER),
        ("2026-03-02 09:00", OTHER),
    ):
        ask = Ask(GUILD, CHANNEL, user, frozenset(), "rain", "generated")
        assert isinstance(await reservations.reserve(ask, now=at(when)), Reserved)
    return UsageService(moderation, UsageRepository(sqlite_database), clock=lambda: NOW)


async def test_a_members_own_figures_in_the_servers_day(service: UsageService) -> None:
    figures = await service.member(MEMBER_ACTS, HERE)
    assert isinstance(figures, MemberFigures)
    assert figures.day.date == date(2026, 3, 2)
    assert figures.day.utc_offset == 3600
    assert figures.usage.today.songs == 1  # 23:30 UTC is already the 2nd in Paris
    assert figures.usage.week.songs == 2
    assert figures.daily_limit == 3
    assert figures.now == NOW
    assert len(figures.per_day) == MEMBER_DAYS
    assert figures.per_day[-2:] == [("2026-03-01", 1), ("2026-03-02", 1)]
    assert sum(count for _, count in figures.per_day) == 2


async def test_only_moderators_see_another_members_figures(service: UsageService) -> None:
    other = Actor(OTHER, "Other", frozenset({DJ}))
    assert await service.member(MEMBER_ACTS, HERE, other) == OTHERS_USAGE
    assert await service.member(MESSAGES_MODERATOR, HERE, other) == OTHERS_USAGE
    figures = await service.member(MODERATOR, HERE, other)
    assert isinstance(figures, MemberFigures)
    assert figures.usage.today.songs == 1
    assert figures.daily_limit is None  # their role's limit, not the moderator's


async def test_the_servers_figures_are_for_moderators(service: UsageService) -> None:
    assert await service.server(MEMBER_ACTS, HERE) == MODERATORS_ONLY
    assert await service.server(MESSAGES_MODERATOR, HERE) == MODERATORS_ONLY
    figures = await service.server(MODERATOR, HERE)
    assert isinstance(figures, ServerFigures)
    assert figures.usage.today.songs == 2
    assert [user for user, _ in figures.usage.top] == [MEMBER, OTHER]
    assert len(figures.per_day) == SERVER_DAYS
    assert figures.per_day[-1] == ("2026-03-02", 2)


async def test_the_allowance_of_a_member(service: UsageService, sqlite_database: Database) -> None:
    expected = Allowance(
        3, 2, cooldown_seconds=60, concurrent=None, channels=frozenset(), blocked=False
    )
    assert await service.allowance(MEMBER_ACTS, HERE) == expected
    await ModerationRepository(sqlite_database).block(GUILD, MOD, MEMBER, None, "blocked")
    dj = Actor(MEMBER, "Member", frozenset({DJ}))
    allowance = await service.allowance(dj, HERE)
    assert allowance.blocked
    assert (allowance.daily, allowance.left_today) == (None, None)


async def test_a_refusal_is_a_refusal(service: UsageService) -> None:
    refused = await service.member(MEMBER_ACTS, HERE, Actor(OTHER, "Other"))
    assert isinstance(refused, Refusal)
    assert "Only moderators" in refused.text
