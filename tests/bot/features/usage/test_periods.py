"""A server's day, week and month, in its time zone: across a change of clocks, on the week's
first day the moderators chose, and at the turn of a month and a year."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.features.usage.periods import days_in, span, spans

PARIS = ZoneInfo("Europe/Paris")


def at(year: int, month: int, day: int, hour: int = 0, *, zone: ZoneInfo = PARIS) -> float:
    return datetime(year, month, day, hour, tzinfo=zone).timestamp()


def test_the_day_across_the_spring_change_is_23_hours() -> None:
    day = span(at(2026, 3, 29, 12), "Europe/Paris", "day")  # clocks go 02:00 -> 03:00
    assert (day.start, day.end) == (at(2026, 3, 29), at(2026, 3, 30))
    assert day.end - day.start == 23 * 3600


def test_the_week_across_the_autumn_change_is_a_week_and_an_hour() -> None:
    week = span(at(2026, 10, 25, 12), "Europe/Paris", "week")  # a Sunday; 03:00 -> 02:00
    assert (week.start, week.end) == (at(2026, 10, 19), at(2026, 10, 26))  # Monday to Monday
    assert week.end - week.start == 7 * 86400 + 3600


def test_the_month_across_a_change_of_clocks_starts_and_ends_at_local_midnights() -> None:
    month = span(at(2026, 3, 15), "Europe/Paris", "month")
    assert (month.start, month.end) == (at(2026, 3, 1), at(2026, 4, 1))
    assert month.end - month.start == 31 * 86400 - 3600


@pytest.mark.parametrize(
    ("week_start", "first"),
    [(0, (2026, 12, 7)), (6, (2026, 12, 6)), (2, (2026, 12, 9)), (3, (2026, 12, 3))],
)
def test_the_week_starts_on_the_day_chosen(week_start: int, first: tuple[int, int, int]) -> None:
    now = at(2026, 12, 9, 8)  # a Wednesday
    week = span(now, "Europe/Paris", "week", week_start)
    assert week.start == at(*first)
    assert week.end == at(*first) + 7 * 86400  # no change of clocks in December
    assert week.start <= now < week.end


def test_a_moment_at_midnight_is_in_the_period_it_starts() -> None:
    assert span(at(2026, 12, 7), "Europe/Paris", "week").start == at(2026, 12, 7)
    assert span(at(2026, 12, 1), "Europe/Paris", "month").start == at(2026, 12, 1)
    assert span(at(2026, 12, 1) - 1, "Europe/Paris", "month").start == at(2026, 11, 1)


def test_the_year_turns_in_the_server_s_zone_not_in_utc() -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    new_year = at(2027, 1, 1, 3, zone=tokyo)  # still 2026 in UTC
    periods = spans(new_year, "Asia/Tokyo", week_start=0)
    assert periods["month"].start == at(2027, 1, 1, zone=tokyo)
    assert periods["month"].end == at(2027, 2, 1, zone=tokyo)
    assert periods["day"].start == at(2027, 1, 1, zone=tokyo)
    assert periods["week"].start == at(2026, 12, 28, zone=tokyo)  # a week across the years


def test_the_days_of_a_month_across_a_change_of_clocks() -> None:
    days = days_in(span(at(2026, 3, 15), "Europe/Paris", "month"), "Europe/Paris")
    assert len(days) == 31
    assert days[0] == (date(2026, 3, 1), at(2026, 3, 1))
    assert days[29][1] - days[28][1] == 23 * 3600  # the 29th, when the clocks go forward
