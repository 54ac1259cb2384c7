"""Time zone names for the server's day."""

from __future__ import annotations

from bot.features.moderation.timezones import timezone_choices, valid_timezone


def test_timezone_names() -> None:
    assert valid_timezone("Europe/Paris")
    assert not valid_timezone("Mars/Olympus")
    assert not valid_timezone("../etc/passwd")


def test_choices_match_what_was_typed() -> None:
    assert "America/New_York" in timezone_choices("new york")
    assert len(timezone_choices("")) == 25
    assert timezone_choices("no such place") == []
