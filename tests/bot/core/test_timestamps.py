"""Discord timestamps, written as text."""

from __future__ import annotations

from bot.core.timestamps import day, relative


def test_a_moment_ahead_never_reads_as_past() -> None:
    assert relative(100.2) == "<t:101:R>"
    assert relative(100.0) == "<t:100:R>"


def test_a_date_is_the_day_it_falls_on() -> None:
    assert day(86399.9) == "<t:86399:d>"
