"""The usage figures a member or a moderator asks for (``/usage``, ``/songadmin usage``,
``/help``), whichever front end asks: plain values in, figures or a :class:`Refusal` out.

The server's day (its time zone) is worked out here once for every view, and each view's
per-day counts come with every day filled in, ready for a chart. No Discord here.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.core.acting import Actor, Place, Refusal
from bot.features.usage.budgets import RECENT_SONGS, Budget, budgets, estimate
from bot.features.usage.charts import every_day
from bot.features.usage.periods import spans
from bot.features.usage.policy import Policy, ServerDay, daily_limit_for
from bot.store.budget_steps import period_figures
from bot.store.moderation import ModerationRepository
from bot.store.sql import Connection, drive
from bot.store.usage import GuildUsage, MemberUsage, UsageRepository

MEMBER_DAYS = 14  # the member's chart
SERVER_DAYS = 30  # the server's chart (the figures cover 30 days)
DAY = 86400

OTHERS_USAGE = Refusal("Only moderators (Manage Server) can see others' usage.")
MODERATORS_ONLY = Refusal("Only moderators (Manage Server) can see this server's usage.")


@dataclass(frozen=True, slots=True)
class MemberFigures:
    """A member's songs and what is left of their limits."""

    usage: MemberUsage
    policy: Policy
    daily_limit: int | None  # with their roles' overrides
    day: ServerDay
    now: float
    per_day: list[tuple[str, int]]  # the last MEMBER_DAYS days, oldest first
    budgets: list[Budget] = field(default_factory=list)  # weekly, monthly and token budgets
    estimate: int | None = None  # a song's tokens, where a token budget applies


@dataclass(frozen=True, slots=True)
class ServerFigures:
    usage: GuildUsage
    day: ServerDay
    per_day: list[tuple[str, int]]  # the last SERVER_DAYS days, oldest first
    budgets: list[Budget] = field(default_factory=list)  # the server's own
    estimate: int | None = None


@dataclass(frozen=True, slots=True)
class Allowance:
    """The server's limits as they apply to one member now (what ``/help`` shows them)."""

    daily: int | None
    left_today: int | None
    cooldown_seconds: int | None
    concurrent: int | None
    channels: frozenset[int]  # where songs are made; empty: everywhere
    blocked: bool
    budgets: list[Budget] = field(default_factory=list)  # weekly, monthly and token budgets
    estimate: int | None = None  # a song's tokens, where a token budget applies


class UsageService:
    def __init__(
        self,
        moderation: ModerationRepository,
        usage: UsageRepository,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._moderation = moderation
        self._usage = usage
        self._clock = clock

    async def member(
        self, actor: Actor, where: Place, of: Actor | None = None
    ) -> MemberFigures | Refusal:
        """The actor's own figures, or (moderators only) another member's (with their roles)."""
        of = of or actor
        if of.member_id != actor.member_id and not actor.manages_server:
            return OTHERS_USAGE
        member_id, role_ids = of.member_id, of.role_ids
        now, guild_id = self._clock(), where.guild_id
        async with self._moderation.reading() as connection:
            policy = await self._moderation.policy(guild_id, connection=connection)
            day = ServerDay.at(now, policy.timezone)
            usage = await self._usage.member(
                guild_id,
                member_id,
                day_start=day.start,
                week_start=day.start - 6 * DAY,
                connection=connection,
            )
            per_day = await self._usage.member_days(
                guild_id,
                member_id,
                since=day.start - (MEMBER_DAYS - 1) * DAY,
                utc_offset=day.utc_offset,
                connection=connection,
            )
            applying, guess = await applying_budgets(
                connection, policy, guild_id, member_id, role_ids=role_ids, now=now
            )
        return MemberFigures(
            usage,
            policy,
            daily_limit_for(policy, role_ids),
            day,
            now,
            every_day(per_day, last=day.date, days=MEMBER_DAYS),
            applying,
            guess,
        )

    async def server(self, actor: Actor, where: Place) -> ServerFigures | Refusal:
        """The server's totals, top members and songs per day (moderators only)."""
        if not actor.manages_server:
            return MODERATORS_ONLY
        now = self._clock()
        async with self._moderation.reading() as connection:
            policy = await self._moderation.policy(where.guild_id, connection=connection)
            day = ServerDay.at(now, policy.timezone)
            usage = await self._usage.guild(
                where.guild_id,
                day_start=day.start,
                utc_offset=day.utc_offset,
                connection=connection,
            )
            applying, guess = await applying_budgets(
                connection, policy, where.guild_id, 0, role_ids=frozenset(), now=now
            )
        per_day = every_day(usage.per_day, last=day.date, days=SERVER_DAYS)
        server = [budget for budget in applying if budget.scope == "server"]
        return ServerFigures(usage, day, per_day, server, guess)

    async def allowance(self, actor: Actor, where: Place) -> Allowance:
        """What the actor may do here today, by the server's limits and their roles."""
        guild_id, now = where.guild_id, self._clock()
        async with self._moderation.reading() as connection:
            policy = await self._moderation.policy(guild_id, connection=connection)
            day = ServerDay.at(now, policy.timezone)
            usage = await self._usage.member(
                guild_id,
                actor.member_id,
                day_start=day.start,
                week_start=day.start,
                connection=connection,
            )
            blocks = await self._moderation.blocks(guild_id, connection=connection)
            applying, guess = await applying_budgets(
                connection, policy, guild_id, actor.member_id, role_ids=actor.role_ids, now=now
            )
        daily = daily_limit_for(policy, actor.role_ids)
        return Allowance(
            daily=daily,
            left_today=None if daily is None else max(0, daily - usage.today.songs),
            cooldown_seconds=policy.cooldown_seconds,
            concurrent=policy.member_concurrent,
            channels=policy.allowed_channels,
            blocked=any(block.user_id == actor.member_id for block in blocks),
            budgets=applying,
            estimate=guess,
        )


async def applying_budgets(
    connection: Connection,
    policy: Policy,
    guild_id: int,
    member_id: int,
    *,
    role_ids: frozenset[int],
    now: float,
) -> tuple[list[Budget], int | None]:
    """Where every weekly, monthly and token budget that applies stands, counted as the
    reservation counts them, and a song's estimate where a token budget applies."""
    if not policy.counts_periods:
        return [], None
    periods = spans(now, policy.timezone, policy.week_start)
    starts = {period: each.start for period, each in periods.items()}
    recent = RECENT_SONGS if policy.counts_tokens else 0
    figures = await drive(connection, period_figures(guild_id, member_id, starts, recent=recent))
    guess = estimate(figures.recent_tokens, policy.token_estimate) if recent else None
    return budgets(policy, figures, periods, role_ids), guess
