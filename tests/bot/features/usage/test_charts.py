"""The usage chart: every day of the window, drawn as a small PNG."""

from __future__ import annotations

from datetime import date

from bot.features.usage.charts import every_day, per_day_png


def test_days_without_songs_are_zero() -> None:
    days = every_day([("2026-11-29", 2), ("2026-12-01", 1)], date(2026, 12, 1), 4)
    assert days == [("2026-11-28", 0), ("2026-11-29", 2), ("2026-11-30", 0), ("2026-12-01", 1)]


def test_the_chart_is_a_small_png() -> None:
    png = per_day_png(every_day([("2026-12-01", 3)], date(2026, 12, 1), 30), "Songs per day")
    assert png.startswith(b"\x89PNG")
    assert len(png) < 50_000
