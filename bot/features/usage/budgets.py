"""Budgets over longer periods: songs per week and per month, and tokens per day, week and
month, for the server and for each member (a member's roles may give them more); a song's
estimate, and the thresholds of a server's budget the moderators are told of. Pure.

Tokens are known only when a song completes, so a song holds an estimate from the moment it
is placed: the median of the server's latest completed songs, or the moderators' figure
before there are any, or :data:`DEFAULT_ESTIMATE`. A song fits a token budget when what is
spent plus its estimate stays within it."""

from __future__ import annotations

import statistics
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from bot.core.i18n import Said
from bot.core.timestamps import relative
from bot.features.usage.periods import Span
from bot.features.usage.policy import Refusal
from bot.store.records import DEFAULT_ESTIMATE, PERIODS, Period, PeriodFigures, Policy, Spent

RECENT_SONGS = 20  # the latest completed songs whose median is the estimate
THRESHOLDS = (80, 100)  # percent of a server's token budget the moderators are told of

Scope = Literal["member", "server"]
Unit = Literal["songs", "tokens"]


def estimate(recent: Sequence[int], figure: int | None) -> int:
    """A new song's tokens, before it is made."""
    if recent:
        return round(statistics.median(recent))
    return figure or DEFAULT_ESTIMATE


def member_tokens_for(policy: Policy, period: Period, role_ids: frozenset[int]) -> int | None:
    """The member's token budget in a period: their most generous role's, else the server's
    budget per member (None: no budget)."""
    overrides = [
        policy.role_tokens[role][period]
        for role in role_ids
        if period in policy.role_tokens.get(role, {})
    ]
    if not overrides:
        return policy.member_tokens.get(period)
    if any(tokens is None for tokens in overrides):
        return None
    return max(tokens for tokens in overrides if tokens is not None)


@dataclass(frozen=True, slots=True)
class Budget:
    """One budget that applies, and where it stands."""

    scope: Scope
    period: Period
    unit: Unit
    limit: int
    spent: Spent
    resets_at: float

    @property
    def used(self) -> int:
        return self.spent.songs if self.unit == "songs" else self.spent.tokens

    @property
    def left(self) -> int:
        return max(0, self.limit - self.used)

    @property
    def name(self) -> str:
        """The refusal's ``limit``: ``member_weekly``, ``server_tokens_month``, …"""
        if self.unit == "tokens":
            return f"{self.scope}_tokens_{self.period}"
        return f"{'member' if self.scope == 'member' else 'guild'}_{self.period}ly"


def budgets(
    policy: Policy, figures: PeriodFigures, spans: dict[Period, Span], role_ids: frozenset[int]
) -> list[Budget]:
    """Every budget beside the daily song counts that applies to the member: song counts per
    week and month, then token budgets, the member's before the server's."""
    found: list[Budget] = []
    counts: list[tuple[Scope, Period, int | None]] = [
        ("member", "week", policy.member_weekly),
        ("member", "month", policy.member_monthly),
        ("server", "week", policy.guild_weekly),
        ("server", "month", policy.guild_monthly),
    ]
    for scope, period, limit in counts:
        if limit is not None:
            spent = (figures.member if scope == "member" else figures.server)[period]
            found.append(Budget(scope, period, "songs", limit, spent, spans[period].end))
    for period in PERIODS:
        tokens = member_tokens_for(policy, period, role_ids)
        if tokens is not None:
            spent, resets_at = figures.member[period], spans[period].end
            found.append(Budget("member", period, "tokens", tokens, spent, resets_at))
    found.extend(server_token_budgets(policy, figures, spans))
    return found


def server_token_budgets(
    policy: Policy, figures: PeriodFigures, spans: dict[Period, Span]
) -> list[Budget]:
    return [
        Budget("server", period, "tokens", policy.server_tokens[period], figures.server[period],
               spans[period].end)
        for period in PERIODS
        if period in policy.server_tokens
    ]  # fmt: skip


_SONGS = {
    ("member", "week"): "You've made your {limit} songs this week. More {when}.",
    ("member", "month"): "You've made your {limit} songs this month. More {when}.",
    ("server", "week"): "This server has used its {limit} songs this week. More {when}.",
    ("server", "month"): "This server has used its {limit} songs this month. More {when}.",
}
_ONE_SONG = {
    ("member", "week"): "You've made your 1 song this week. More {when}.",
    ("member", "month"): "You've made your 1 song this month. More {when}.",
    ("server", "week"): "This server has made its 1 song this week. More {when}.",
    ("server", "month"): "This server has made its 1 song this month. More {when}.",
}
_TOKENS = {
    ("member", "day"): "Your daily token budget has {left} of {limit} tokens left",
    ("member", "week"): "Your weekly token budget has {left} of {limit} tokens left",
    ("member", "month"): "Your monthly token budget has {left} of {limit} tokens left",
    ("server", "day"): "This server's daily token budget has {left} of {limit} tokens left",
    ("server", "week"): "This server's weekly token budget has {left} of {limit} tokens left",
    ("server", "month"): "This server's monthly token budget has {left} of {limit} tokens left",
}
_TOKENS_END = "{budget}, and a song takes about {estimate}. It resets {when}."


def refusal(budget: Budget, estimate: int) -> Refusal:
    """Why a song does not fit ``budget``: which budget, what is left, when it resets."""
    when = relative(budget.resets_at)
    key = (budget.scope, budget.period)
    if budget.unit == "songs":
        said = Said(
            (_ONE_SONG if budget.limit == 1 else _SONGS)[key], limit=budget.limit, when=when
        )
    else:
        left = Said(_TOKENS[key], left=f"{budget.left:,}", limit=f"{budget.limit:,}")
        said = Said(_TOKENS_END, budget=left, estimate=f"{estimate:,}", when=when)
    return Refusal(said, limit=budget.name, resets_at=budget.resets_at)


def check_budgets(applying: Sequence[Budget], estimate: int) -> Refusal | None:
    """The first budget one more song (of ``estimate`` tokens) does not fit, or None."""
    for budget in applying:
        if budget.unit == "songs" and budget.used >= budget.limit:
            return refusal(budget, estimate)
        if budget.unit == "tokens" and budget.used + estimate > budget.limit:
            return refusal(budget, estimate)
    return None


@dataclass(frozen=True, slots=True)
class BudgetCrossing:
    """A server's token budget reached a threshold in a period (told once per period): for
    the moderators' log. ``percent`` is the threshold (80 or 100; 100 also when what is left
    no longer fits a song, which is then refused), ``spent`` what it stands at."""

    guild_id: int
    scope: Scope  # "server": a member's own budget is theirs to see, in /usage
    period: Period
    percent: int
    spent: int
    limit: int
    resets_at: float


BudgetListener = Callable[[BudgetCrossing], Awaitable[None]]


async def nobody_listens(_crossing: BudgetCrossing) -> None:
    """The default listener: nobody is told."""


def reached(budget: Budget, added: int = 0, *, full: bool = False) -> list[int]:
    """The thresholds a server's token budget stands at with ``added`` more tokens (all of
    them when ``full``: a song was refused for it)."""
    if full:
        return list(THRESHOLDS)
    spent = budget.spent.tokens + added
    return [percent for percent in THRESHOLDS if spent * 100 >= percent * budget.limit]
