"""The budgets' steps over ``generations``: songs and tokens per period for the week's and
month's limits and the token budgets, the server's latest totals for a song's estimate, and
the crossings of a server's budget told once. Steps of the reservation's transaction (or of
a song's settlement); what they allow is decided in :mod:`bot.features.usage.budgets`."""

from __future__ import annotations

from collections.abc import Mapping

from bot.store.records import PERIODS, Period, PeriodFigures, Spent
from bot.store.reservation_steps import COUNTED
from bot.store.sql import Steps, query

# What a counted song costs against a token budget: its real total once the API told it (a
# completed song, or a billed failure that said), else the estimate it was placed with.
SPENT = (
    "CASE WHEN status IN ('completed', 'failed') THEN COALESCE(total_tokens, reserved_tokens, 0)"
    " ELSE COALESCE(reserved_tokens, 0) END"
)


def _figures(who: str) -> str:
    """Songs and tokens since each period's start, for the member's rows or all of them."""
    return ", ".join(
        f"COUNT(*) FILTER (WHERE {who} created_at >= :{period}),"
        f" COALESCE(SUM({SPENT}) FILTER (WHERE {who} created_at >= :{period}), 0)"
        for period in PERIODS
    )


PERIOD_FIGURES = (
    f"SELECT {_figures('user_id = :user AND')}, {_figures('')}"  # noqa: S608 - constant fragments
    f" FROM generations WHERE guild_id = :guild AND created_at >= :since AND {COUNTED}"
)  # the rows since the earliest start, through the counted songs' index of migration 0010

RECENT_TOKENS = (
    "SELECT total_tokens FROM generations WHERE guild_id = ? AND status = 'completed'"
    " AND total_tokens IS NOT NULL ORDER BY created_at DESC LIMIT ?"
)  # through migration 0016's index of completed songs


def period_figures(
    guild_id: int, user_id: int, starts: Mapping[Period, float], *, recent: int = 0
) -> Steps[PeriodFigures]:
    """The member's and the server's songs and tokens since each period's start, and (when
    ``recent``) that many of the server's latest completed songs' totals, newest first."""
    params: dict[str, object] = {"guild": guild_id, "user": user_id}
    params.update((period, start) for period, start in starts.items())
    params["since"] = min(starts.values())
    rows = yield from query(PERIOD_FIGURES, params)
    row = [int(value) for value in rows[0]]
    pairs = [Spent(row[n], row[n + 1]) for n in range(0, len(row), 2)]
    totals: tuple[int, ...] = ()
    if recent:
        tokens = yield from query(RECENT_TOKENS, (guild_id, recent))
        totals = tuple(int(total) for (total,) in tokens)
    return PeriodFigures(
        member=dict(zip(PERIODS, pairs[:3], strict=True)),
        server=dict(zip(PERIODS, pairs[3:], strict=True)),
        recent_tokens=totals,
    )


def crossing_told(
    guild_id: int, period: Period, period_start: float, percent: int, now: float
) -> Steps[bool]:
    """Record that a server's budget reached ``percent`` in the period starting then: whether
    this is the first time (only then is it told)."""
    rows = yield from query(
        "INSERT INTO budget_crossings (guild_id, period, period_start, percent, at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING percent",
        (guild_id, period, period_start, percent, now),
    )
    return bool(rows)
