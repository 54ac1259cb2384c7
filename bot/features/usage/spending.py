"""What a server has spent against its own budgets, for the moderators' dashboard: where each
budget stands (counted as the reservation counts: settled songs at their totals, songs not yet
completed at the estimate they hold), and the month's tokens day by day, summed, for a chart
against the monthly budget. Read inside the caller's consistent read; no Discord here."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date

from bot.features.usage.budgets import Budget
from bot.features.usage.periods import days_in, span
from bot.features.usage.policy import Policy
from bot.features.usage.service import applying_budgets
from bot.store.budget_steps import server_stretches
from bot.store.sql import Connection, drive


@dataclass(frozen=True, slots=True)
class ServerSpending:
    budgets: list[Budget]  # the server's own: songs per week and month, tokens per period
    estimate: int | None  # a song's tokens, where a token budget applies
    month_budget: int | None = None  # the server's monthly token budget
    month: list[date] = field(default_factory=list)  # every day of this month (with a budget)
    month_tokens: list[int] = field(default_factory=list)  # spent by each day's end, so far


async def server_spending(
    connection: Connection, policy: Policy, guild_id: int, *, now: float
) -> ServerSpending:
    """The server's budgets now; with a monthly token budget, the month's running total."""
    applying, guess = await applying_budgets(
        connection, policy, guild_id, 0, role_ids=frozenset(), now=now
    )
    server = [budget for budget in applying if budget.scope == "server"]
    limit = policy.server_tokens.get("month")
    if limit is None:
        return ServerSpending(server, guess)
    days = days_in(span(now, policy.timezone, "month", policy.week_start), policy.timezone)
    starts = [midnight for _, midnight in days if midnight <= now]
    spent = await drive(connection, server_stretches(guild_id, starts))
    running = list(itertools.accumulate(each.tokens for each in spent))
    return ServerSpending(server, guess, limit, [day for day, _ in days], running)
