"""Discord-style rate limits: per-route buckets and a global cap, with Discord's headers."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field

OLD_MESSAGE_EDITS = 30046  # Maximum number of edits to messages older than 1 hour reached


@dataclass(frozen=True, slots=True)
class Limit:
    requests: int
    per: float  # seconds


@dataclass(slots=True)
class _Window:
    started: float
    used: int = 0


@dataclass(slots=True)
class Decision:
    allowed: bool
    headers: dict[str, str]
    retry_after: float = 0.0
    is_global: bool = False
    code: int = 0  # Discord's error code in the 429's body, when it names one


@dataclass
class RateLimiter:
    """Fixed windows per bucket key, like Discord: the window starts with its first request."""

    routes: dict[str, Limit] = field(default_factory=dict)
    default: Limit = field(default_factory=lambda: Limit(5, 5.0))
    global_limit: Limit = field(default_factory=lambda: Limit(50, 1.0))
    # Edits of messages older than an hour, per channel, as reported of Discord; over it,
    # a 429 with code 30046 (Discord publishes no number).
    old_edits: Limit = field(default_factory=lambda: Limit(3, 6.0))
    enabled: bool = True
    _windows: dict[str, _Window] = field(default_factory=dict)

    def check(self, route: str, major: str, *, counts_globally: bool = True) -> Decision:
        """Count one request to ``route`` (a template like ``PATCH /channels/{id}``) on
        ``major`` (the channel, guild or webhook it acts on)."""
        now = time.monotonic()
        limit = self.routes.get(route, self.default)
        bucket = hashlib.sha1(route.encode()).hexdigest()[:16]  # noqa: S324 - a name, not security
        if not self.enabled:
            return Decision(True, {})
        glob = self._take("global", self.global_limit, now) if counts_globally else None
        if glob is not None:
            return Decision(False, {}, glob, is_global=True)
        wait = self._take(f"{route}:{major}", limit, now)
        window = self._windows[f"{route}:{major}"]
        reset_after = max(0.0, window.started + limit.per - now)
        headers = {
            "X-RateLimit-Limit": str(limit.requests),
            "X-RateLimit-Remaining": str(max(0, limit.requests - window.used)),
            "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Bucket": bucket,
        }
        if wait is not None:
            return Decision(False, headers, wait)
        return Decision(True, headers)

    def check_old_edit(self, channel: str) -> Decision:
        """Count one edit of an hour-old message in ``channel``."""
        if not self.enabled:
            return Decision(True, {})
        wait = self._take(f"old-edits:{channel}", self.old_edits, time.monotonic())
        if wait is None:
            return Decision(True, {})
        return Decision(False, {}, wait, code=OLD_MESSAGE_EDITS)

    def _take(self, key: str, limit: Limit, now: float) -> float | None:
        """Use one request of the window; None when allowed, else seconds to wait."""
        window = self._windows.get(key)
        if window is None or now >= window.started + limit.per:
            window = self._windows[key] = _Window(started=now)
        if window.used >= limit.requests:
            return window.started + limit.per - now
        window.used += 1
        return None
