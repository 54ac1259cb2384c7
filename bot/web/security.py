"""The gallery's safety rails: security headers (a Content-Security-Policy among them), a
CSRF token on every form, local-only redirects, and a rate limit on logins."""

from __future__ import annotations

import hmac
import secrets
import time
from collections import deque
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from aiohttp import web
from aiohttp_session import Session

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
CSRF_FIELD = "csrf"


def headers_middleware(media_sources: str) -> Callable[..., Awaitable[web.StreamResponse]]:
    """Every answer: a strict CSP (scripts and styles from this site only; covers and audio
    from the media hosts only), no framing, no sniffing; and the server time it took."""
    policy = (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
        f" img-src 'self' {media_sources}; media-src {media_sources};"
        " form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    )

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        began = time.perf_counter()
        try:
            response = await handler(request)
        except web.HTTPException as exc:  # redirects and refusals get the headers too
            response = exc
        response.headers["Content-Security-Policy"] = policy
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - began) * 1e3:.3f}"
        if isinstance(response, web.HTTPException):
            raise response
        return response

    return middleware


def csrf_token(session: Session) -> str:
    """The session's CSRF token, made on first use."""
    token = session.get(CSRF_FIELD)
    if not isinstance(token, str):
        token = session[CSRF_FIELD] = secrets.token_urlsafe(32)
    return token


async def check_csrf(request: web.Request, session: Session) -> None:
    """A form's token must be the session's; else 403 before anything is done."""
    form = await request.post()
    sent = form.get(CSRF_FIELD)
    known = session.get(CSRF_FIELD)
    if not (isinstance(sent, str) and isinstance(known, str)) or not hmac.compare_digest(
        sent, known
    ):
        raise web.HTTPForbidden(text="This form has expired: reload the page and try again.")


def local_path(target: str | None, default: str = "/") -> str:
    """``target`` if it is a path on this site, else ``default``: a ``next`` parameter never
    sends anyone elsewhere (no scheme, no host, no ``//``, no backslash tricks)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(c) < 32 or c == "\\" for c in target):
        return default
    return target


class LoginLimiter:
    """At most ``limit`` logins per address per ``window`` seconds. A few lines here rather
    than a rate-limiting package: one in-memory window per address is all it takes."""

    def __init__(
        self, limit: int = 10, window: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._limit, self._window, self._clock = limit, window, clock
        self._seen: dict[str, deque[float]] = {}

    def allow(self, address: str) -> bool:
        now = self._clock()
        seen = self._seen.setdefault(address, deque())
        while seen and seen[0] <= now - self._window:
            seen.popleft()
        if len(self._seen) > 10_000:  # forget idle addresses, so memory stays bounded
            self._seen = {a: s for a, s in self._seen.items() if s}
        if len(seen) >= self._limit:
            return False
        seen.append(now)
        return True
