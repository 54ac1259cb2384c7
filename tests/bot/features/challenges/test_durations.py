"""Durations as a person types them, and as the bot says them."""

from __future__ import annotations

import pytest

from bot.features.challenges.durations import seconds_of, spoken


@pytest.mark.parametrize(
    ("typed", "seconds"),
    [("2d", 172_800.0), ("36h", 129_600.0), ("90m", 5400.0), (" 1d 12h ", 129_600.0),
     ("1.5H", 5400.0), ("1m", 60.0), ("60d", 5_184_000.0)],
)  # fmt: skip
def test_durations_read(typed: str, seconds: float) -> None:
    assert seconds_of(typed) == seconds


@pytest.mark.parametrize("typed", ["", "soon", "2", "2w", "d", "30s", "59s", "61d", "1h tea"])
def test_what_is_no_duration_or_out_of_range(typed: str) -> None:
    assert seconds_of(typed) is None


def test_durations_said_shortest() -> None:
    assert [spoken(s) for s in (129_600.0, 5400.0, 86_400 + 90.0, 10.0)] == [
        "1d 12h", "1h 30m", "1d 2m", "0m",
    ]  # fmt: skip
