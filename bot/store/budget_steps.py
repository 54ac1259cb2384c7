"""The budgets' steps over ``generations``: songs and tokens per period for the week's and
month's limits and the token budgets, the server's latest totals for a song's estimate, and
the crossings of a server's budget told once. Steps of the reservation's transaction (or of
a song's settlement); what they allow is decided in :mod:`bot.features.usage.budgets`."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from bot.store.records import PERIODS, Period, PeriodFigures, Spent
from bot.store.reservation_steps import COUNTED
from bot.store.sql import Steps, query

# What a counted song costs against a token budget: its real total once the API told it (a
# completed song, or a billed failure that said), else the estimate it was placed with.
SPENT = (
    "CASE WHEN status IN ('completed', 'failed') THEN COALESCE(total_tokens, reserved_tokens, 0)"
    " ELSE COALESCE(reserved_tokens, 0) END"
)


# One stretch of time between two periods' starts (each song is read once, whichever periods
# it falls in): the server's songs and tokens from migration 0016's index of its counted songs
# alone, and the member's through theirs (migration 0010).
WHERE = f"guild_id = ? AND created_at >= ? AND created_at < ? AND {COUNTED}"
SERVER_STRETCH = (
    f"SELECT {{n}}, COUNT(*), COALESCE(SUM({SPENT}), 0)"  # noqa: S608 - constant fragments
    f" FROM generations WHERE {WHERE}"
)
MEMBER_STRETCH = f"{SERVER_STRETCH} AND user_id = ?"
MEMBER = 100  # where the member's stretches are numbered from

RECENT_TOKENS = (
    "SELECT total_tokens FROM generations WHERE guild_id = ? AND status = 'completed'"
    " AND total_tokens IS NOT NULL ORDER BY created_at DESC LIMIT ?"
)  # through migration 0016's index of completed songs


def period_figures(
    guild_id: int, user_id: int, starts: Mapping[Period, float], *, recent: int = 0
) -> Steps[PeriodFigures]:
    """The member's and the server's songs and tokens since each period's start, and (when
    ``recent``) that many of the server's latest completed songs' totals, newest first."""
    stretches = _stretches(sorted(set(starts.values())))
    sql = " UNION ALL ".join(
        [SERVER_STRETCH.format(n=n) for n in range(len(stretches))]
        + [MEMBER_STRETCH.format(n=MEMBER + n) for n in range(len(stretches))]
    )
    params = _server_params(guild_id, stretches)
    params += [v for lo, hi in stretches for v in (guild_id, lo, hi, user_id)]
    member = dict.fromkeys(PERIODS, Spent())
    server = dict.fromkeys(PERIODS, Spent())
    for n, songs, tokens in (yield from query(sql, params)):
        figures, stretch = (member, n - MEMBER) if n >= MEMBER else (server, n)
        for period, start in starts.items():
            if stretches[stretch][0] >= start:  # the stretch is inside the period
                figures[period] = _plus(figures[period], songs, tokens)
    totals: tuple[int, ...] = ()
    if recent:
        rows = yield from query(RECENT_TOKENS, (guild_id, recent))
        totals = tuple(int(total) for (total,) in rows)
    return PeriodFigures(member=member, server=server, recent_tokens=totals)


def server_stretches(guild_id: int, starts: Sequence[float]) -> Steps[list[Spent]]:
    """The server's songs and tokens from each of ``starts`` (ascending) to the next, the last
    from then on: each day of a month, say, counted as every budget counts them."""
    stretches = _stretches(list(starts))
    sql = " UNION ALL ".join(SERVER_STRETCH.format(n=n) for n in range(len(stretches)))
    spent = [Spent() for _ in stretches]
    if stretches:  # no statement for no stretch
        for n, songs, tokens in (yield from query(sql, _server_params(guild_id, stretches))):
            spent[int(n)] = Spent(int(songs), int(tokens))
    return spent


def _stretches(bounds: list[float]) -> list[tuple[float, float]]:
    return list(zip(bounds, [*bounds[1:], math.inf], strict=True)) if bounds else []


def _server_params(guild_id: int, stretches: list[tuple[float, float]]) -> list[float]:
    return [v for lo, hi in stretches for v in (guild_id, lo, hi)]


def _plus(spent: Spent, songs: int, tokens: int) -> Spent:
    return Spent(spent.songs + int(songs), spent.tokens + int(tokens))


def crossing_told(
    guild_id: int, period: Period, period_start: float, budget: int, *, percent: int, now: float
) -> Steps[bool]:
    """Record that a server's budget of ``budget`` tokens reached ``percent`` in the period
    starting then: whether this is the first time (only then is it told)."""
    rows = yield from query(
        "INSERT INTO budget_crossings (guild_id, period, period_start, budget, percent, at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING percent",
        (guild_id, period, period_start, budget, percent, now),
    )
    return bool(rows)
