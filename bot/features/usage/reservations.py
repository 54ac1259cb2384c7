"""Taking a usage slot: the store's queries and the pure limit check, in one transaction, so
fifty simultaneous requests from a member whose limit is three make exactly three songs, in
one process or spread over several sharing PostgreSQL (the transaction holds the server's
lock, :func:`bot.store.sql.guild_lock`).

The week's and month's limits and the token budgets are checked in the same transaction: a
new song holds its estimate (:func:`bot.features.usage.budgets.estimate`) in its row, which
counts against token budgets until the song completes and its real total counts instead (its
settlement); a song released (cancelled while waiting, refused by the API) counts for
nothing, so its reservation is given back. A server's budget reaching 80 % or 100 % is told
to the injected listener once per period."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from bot.features.usage.budgets import (
    RECENT_SONGS,
    Budget,
    BudgetCrossing,
    BudgetListener,
    budgets,
    check_budgets,
    estimate,
    nobody_listens,
    reached,
    server_token_budgets,
)
from bot.features.usage.periods import Span, spans
from bot.features.usage.policy import Policy, Refusal, check, day_bounds
from bot.store import Ask, Database
from bot.store.budget_steps import crossing_told, period_figures
from bot.store.leases import Owner
from bot.store.policy import load_policy
from bot.store.records import Period
from bot.store.reservation_steps import counts, insert_reserved
from bot.store.sql import Steps, guild_lock

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Reserved:
    """A slot taken: the new song's id, and the server's policy it was taken under (the queue
    needs its caps and mode)."""

    id: int
    policy: Policy

    @property
    def waits(self) -> bool:
        """Whether the song queues beyond the caps (else it was checked against them here)."""
        return self.policy.queue_mode == "queue"


Outcome = tuple[Reserved | Refusal, tuple[int, Policy], list[BudgetCrossing]]


class Reservations:
    def __init__(
        self,
        database: Database,
        owner: Owner | None = None,
        *,
        on_budget_crossed: BudgetListener = nobody_listens,
    ) -> None:
        self._db = database
        self._owner = owner  # this process: it holds the lease of each song it reserves
        # guild -> (settings version, policy). Only a cache: the version is read from the
        # database inside every reservation, so no process relies on its own memory.
        self._policies: dict[int, tuple[int, Policy]] = {}
        self.on_budget_crossed = on_budget_crossed  # the moderators' log, where there is one

    async def reserve(self, ask: Ask, *, now: float | None = None) -> Reserved | Refusal:
        """Check every limit and take a slot in one transaction: the new song, or why not.

        On a server that queues beyond its caps, the song joins the queue (its concurrency caps
        are the queue's to apply); on one that refuses, they are checked here and the song is
        reserved at once. On SQLite the whole transaction is one trip to the database's thread."""
        now = time.time() if now is None else now
        cached = self._policies.get(ask.guild_id)
        outcome, known, crossings = await self._db.run(
            _reserve(ask=ask, now=now, cached=cached, owner=self._owner),
            lock=guild_lock(ask.guild_id),
        )
        self._policies[ask.guild_id] = known
        await self._tell(crossings)
        return outcome

    async def settled(self, guild_id: int, *, now: float | None = None) -> None:
        """A song of the server completed, its real total now counting instead of its
        estimate: tell the thresholds of the server's budgets it reached. Skipped where this
        process knows of no server budget (a budget just set elsewhere is told by the next
        reservation, which checks the same thresholds)."""
        cached = self._policies.get(guild_id)
        if cached is not None and not cached[1].server_tokens:
            return
        now = time.time() if now is None else now
        try:
            crossings = await self._db.run(_settle(guild_id, now), lock=guild_lock(guild_id))
        except Exception:  # the song is made and recorded: only the news is lost
            log.exception("checking server %s's budgets after a song failed", guild_id)
            return
        await self._tell(crossings)

    async def _tell(self, crossings: list[BudgetCrossing]) -> None:
        for crossing in crossings:  # recorded already: a listener's failure loses only its news
            try:
                await self.on_budget_crossed(crossing)
            except Exception:
                log.exception("telling a budget crossing failed: %s", crossing)


def _reserve(
    *, ask: Ask, now: float, cached: tuple[int, Policy] | None, owner: Owner | None
) -> Steps[Outcome]:
    """The reservation's steps: the outcome, the policy it used with its settings version
    (for the cache), and the budget crossings it recorded."""
    policy = cached[1] if cached else (yield from load_policy(ask.guild_id))
    day_start, _ = day_bounds(now, policy.timezone)
    current, blocked, version = yield from counts(ask, day_start)
    if cached is not None and cached[0] != version:  # changed, by whichever process
        fresh = yield from load_policy(ask.guild_id)
        if fresh.timezone != policy.timezone:  # the day starts elsewhere: count again
            day_start, _ = day_bounds(now, fresh.timezone)
            current, blocked, version = yield from counts(ask, day_start)
        policy = fresh
    known = (version, policy)
    refusal = check(
        policy,
        current,
        now=now,
        channel_id=ask.rules_channel_id or ask.channel_id,
        role_ids=ask.role_ids,
        blocked=blocked,
    )
    if refusal is not None:
        return refusal, known, []
    held: int | None = None
    crossings: list[BudgetCrossing] = []
    if policy.counts_periods:
        periods = spans(now, policy.timezone, policy.week_start)
        figures = yield from period_figures(
            ask.guild_id,
            ask.user_id,
            {period: each.start for period, each in periods.items()},
            recent=RECENT_SONGS if policy.counts_tokens else 0,
        )
        guess = estimate(figures.recent_tokens, policy.token_estimate)
        refusal = check_budgets(budgets(policy, figures, periods, ask.role_ids), guess)
        for budget in server_token_budgets(policy, figures, periods):
            if refusal is None:
                percents = reached(budget, guess)
            else:
                percents = reached(budget, full=True) if refusal.limit == budget.name else []
            added = 0 if refusal else guess
            crossings += yield from _told(budget, periods[budget.period], percents, now=now,
                                          guild_id=ask.guild_id, added=added)  # fmt: skip
        if refusal is not None:
            return refusal, known, crossings
        held = guess if policy.counts_tokens else None
    queued = policy.queue_mode == "queue"
    song_id = yield from insert_reserved(ask, now, queued=queued, owner=owner, reserved_tokens=held)
    return Reserved(song_id, policy), known, crossings


def _settle(guild_id: int, now: float) -> Steps[list[BudgetCrossing]]:
    """A song's settlement: the thresholds its server's budgets stand at now, told once."""
    policy = yield from load_policy(guild_id)
    if not policy.server_tokens:
        return []
    periods = spans(now, policy.timezone, policy.week_start)
    starts: dict[Period, float] = {period: each.start for period, each in periods.items()}
    figures = yield from period_figures(guild_id, 0, starts)
    crossings: list[BudgetCrossing] = []
    for budget in server_token_budgets(policy, figures, periods):
        crossings += yield from _told(budget, periods[budget.period], reached(budget), now=now,
                                      guild_id=guild_id, added=0)  # fmt: skip
    return crossings


def _told(
    budget: Budget, period: Span, percents: list[int], *, now: float, guild_id: int, added: int
) -> Steps[list[BudgetCrossing]]:
    """The thresholds reached that were not told before in this period (recorded now);
    ``added``: the new song's estimate, if it was placed."""
    new = []
    for percent in percents:
        key = (guild_id, budget.period, period.start, budget.limit)
        if (yield from crossing_told(*key, percent=percent, now=now)):
            new.append(percent)
    spent = budget.spent.tokens + added
    return [
        BudgetCrossing(guild_id, "server", budget.period, percent, spent, budget.limit, period.end)
        for percent in new
    ]
