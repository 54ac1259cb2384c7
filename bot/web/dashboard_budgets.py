"""The dashboard's view of a server's budgets: each as a gauge (spent, the limit, the percent
as a bar, when it starts over), and the month's running total as a line against the monthly
budget. Pure: the usage feature's figures in, what the page draws out (SVG attributes, not
styles: the pages' CSP allows no inline style)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.features.usage.spending import ServerSpending
from bot.store.records import PERIODS, Period, Policy

_NAMES = {
    ("songs", "week"): "Songs this week",
    ("songs", "month"): "Songs this month",
    ("tokens", "day"): "Tokens today",
    ("tokens", "week"): "Tokens this week",
    ("tokens", "month"): "Tokens this month",
}
WARN = 80  # percent: where the moderators' log speaks up, drawn on the chart too


@dataclass(frozen=True, slots=True)
class Gauge:
    name: str
    unit: str  # songs or tokens
    used: int
    limit: int
    percent: int
    width: float  # the bar, out of 100
    resets: str  # the day it starts over (YYYY-MM-DD in the server's zone), from midnight
    full: bool  # the next song does not fit: members are refused


def gauges(spending: ServerSpending, timezone: str) -> list[Gauge]:
    """The server's own budgets, tokens first (what the server pays), then song counts."""
    zone = ZoneInfo(timezone)
    shown = []
    for budget in sorted(spending.budgets, key=lambda b: (b.unit != "tokens", b.resets_at)):
        percent = budget.used * 100 // budget.limit if budget.limit else 100
        if budget.unit == "tokens":
            full = budget.used + (spending.estimate or 0) > budget.limit
        else:
            full = budget.used >= budget.limit
        resets = datetime.fromtimestamp(budget.resets_at, zone).date().isoformat()
        name = _NAMES[budget.unit, budget.period]
        width = min(100.0, max(percent, 0.5))
        shown.append(
            Gauge(name, budget.unit, budget.used, budget.limit, percent, width, resets, full)
        )
    return shown


@dataclass(frozen=True, slots=True)
class MonthChart:
    points: str  # the running total: a polyline's points, from the month's first midnight
    limit_y: float  # the budget's line
    warn_y: float  # its 80 %
    first: str  # the month's first and last days
    last: str
    spent: int
    limit: int


def month_chart(
    spending: ServerSpending, *, width: float = 600, height: float = 120
) -> MonthChart | None:
    """The month's tokens summed day by day against the monthly budget (None without one);
    the top leaves room above the budget's line, or above a total beyond it."""
    limit, running = spending.month_budget, spending.month_tokens
    if limit is None or not spending.month:
        return None
    spent = running[-1] if running else 0
    top = max(limit, spent, 1) * 1.15
    step = width / len(spending.month)

    def y(tokens: float) -> float:
        return round(height - tokens / top * height, 1)

    points = [(0.0, float(height))] + [
        (round((n + 1) * step, 1), y(t)) for n, t in enumerate(running)
    ]
    return MonthChart(
        " ".join(f"{px:g},{py:g}" for px, py in points), y(limit), y(limit * WARN / 100),
        spending.month[0].isoformat(), spending.month[-1].isoformat(), spent, limit,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class SetBudget:
    """A token budget a moderator set: the server's, each member's, or a role's."""

    scope: str
    period: Period
    role_id: int
    tokens: int | None  # None: a role's members are unlimited


def configured(policy: Policy) -> list[SetBudget]:
    """Every token budget set, the server's first, each by period."""
    found = [
        SetBudget("server", p, 0, policy.server_tokens[p])
        for p in PERIODS
        if p in policy.server_tokens
    ]
    found += [
        SetBudget("member", p, 0, policy.member_tokens[p])
        for p in PERIODS
        if p in policy.member_tokens
    ]
    for role_id, budgets in sorted(policy.role_tokens.items()):
        found += [SetBudget("role", p, role_id, budgets[p]) for p in PERIODS if p in budgets]
    return found
