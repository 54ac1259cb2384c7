"""A server's day, week and month: where each starts and ends, in the server's time zone,
its week starting on the day the moderators chose. Pure.

Each boundary is a local midnight turned into unix seconds, so a day across a change of
clocks is 23 or 25 hours long and a month is its own length; a local midnight that does
not exist (a zone that moves its clocks at midnight) is read as zoneinfo reads it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.store.records import PERIODS, Period


def _midnight(day: date, zone: ZoneInfo) -> float:
    return datetime.combine(day, time(0), tzinfo=zone).timestamp()


def _first_day(today: date, period: Period, week_start: int) -> date:
    if period == "week":
        return today - timedelta(days=(today.weekday() - week_start) % 7)
    if period == "month":
        return today.replace(day=1)
    return today


def _next_first_day(first: date, period: Period) -> date:
    if period == "week":
        return first + timedelta(days=7)
    if period == "month":
        return (first + timedelta(days=32)).replace(day=1)
    return first + timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Span:
    """One period: unix seconds of its first midnight, and of the midnight that ends it."""

    start: float
    end: float


def span(now: float, timezone: str, period: Period, week_start: int = 0) -> Span:
    """The day, week or month containing ``now`` in ``timezone`` (weeks start on
    ``week_start``: 0 Monday … 6 Sunday)."""
    zone = ZoneInfo(timezone)
    first = _first_day(datetime.fromtimestamp(now, zone).date(), period, week_start)
    return Span(_midnight(first, zone), _midnight(_next_first_day(first, period), zone))


def spans(now: float, timezone: str, week_start: int = 0) -> dict[Period, Span]:
    """The day, the week and the month containing ``now``."""
    return {period: span(now, timezone, period, week_start) for period in PERIODS}


def days_in(period: Span, timezone: str) -> list[tuple[date, float]]:
    """Each day of ``period`` in ``timezone``: its date and its first midnight."""
    zone = ZoneInfo(timezone)
    first = datetime.fromtimestamp(period.start, zone).date()
    count = (datetime.fromtimestamp(period.end, zone).date() - first).days
    return [(day, _midnight(day, zone)) for day in (first + timedelta(n) for n in range(count))]
