"""Durations as a person types them (``2d``, ``36h``, ``90m``, ``1d12h``). Pure."""

from __future__ import annotations

import re

_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([dhm])")
_UNIT = {"d": 86400.0, "h": 3600.0, "m": 60.0}
_WHOLE = re.compile(r"(?:\s*\d+(?:\.\d+)?\s*[dhm])+\s*")

MIN_SECONDS = 60.0  # one minute: a short event still gets a phase
MAX_SECONDS = 60 * 86400.0  # sixty days


def seconds_of(text: str) -> float | None:
    """The duration ``text`` names, in seconds; None when it names none or one out of range."""
    typed = text.strip().lower()
    if not typed or not _WHOLE.fullmatch(typed):
        return None
    total = sum(float(n) * _UNIT[unit] for n, unit in _PART.findall(typed))
    return total if MIN_SECONDS <= total <= MAX_SECONDS else None


def spoken(seconds: float) -> str:
    """``seconds`` as the shortest ``1d 12h 30m`` (rounded to the minute)."""
    minutes = round(seconds / 60)
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    parts = [f"{n}{u}" for n, u in ((days, "d"), (hours, "h"), (mins, "m")) if n]
    return " ".join(parts) or "0m"
