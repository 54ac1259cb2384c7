"""Time zone names, for the server's day (``/songadmin timezone``). Pure."""

from __future__ import annotations

import functools
import zoneinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def valid_timezone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def timezone_choices(typed: str, limit: int = 25) -> list[str]:
    """IANA time zone names containing what was typed (spaces match underscores)."""
    wanted = typed.strip().lower().replace(" ", "_")
    return sorted(name for name in _zone_names() if wanted in name.lower())[:limit]


@functools.cache
def _zone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())
