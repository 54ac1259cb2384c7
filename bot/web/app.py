"""The gallery's aiohttp application: its middlewares (errors, security headers, the
encrypted session), its routes and its static files."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from aiohttp import web
from aiohttp_session import setup as setup_sessions
from aiohttp_session.cookie_storage import EncryptedCookieStorage

from bot.core.errors import report_unexpected
from bot.features.gallery import Gallery
from bot.store import Database
from bot.web import auth, dashboard, pages, views
from bot.web.config import WebConfig
from bot.web.dashboard_data import Desk
from bot.web.discord_login import DiscordLogin
from bot.web.moderators import ModeratorCheck
from bot.web.security import Handler, LoginLimiter, headers_middleware

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
DATABASE = web.AppKey("database", Database)
COOKIE = "songbot_session"
HEALTH_TIMEOUT = 2.0


@web.middleware
async def _errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """An unexpected error: a short apology with an id; the traceback goes to the log."""
    try:
        return await handler(request)
    except web.HTTPException:
        raise
    except Exception as exc:  # noqa: BLE001 - any error: an apology page, the traceback logged
        error_id = report_unexpected(exc, f"the gallery's {request.method} {request.path}")
        return await views.page(
            request, "message.html", status=500, title="Something went wrong",
            text=f"Sorry, something went wrong on our side. If it keeps happening, tell the"
            f" bot's admin this error id: {error_id}.",
        )  # fmt: skip


async def _health(request: web.Request) -> web.Response:
    try:
        async with asyncio.timeout(HEALTH_TIMEOUT):
            await request.app[DATABASE].healthy()
    except Exception:
        log.warning("health check: the database did not take a write", exc_info=True)
        return web.json_response({"healthy": False, "database": False}, status=503)
    return web.json_response({"healthy": True, "database": True})


def build_app(
    config: WebConfig,
    gallery: Gallery,
    login: DiscordLogin,
    database: Database,
    limiter: LoginLimiter | None = None,
    *,
    moderators: tuple[Desk, ModeratorCheck] | None = None,
) -> web.Application:
    """The gallery, and the moderators' dashboard when ``moderators`` gives its use cases and
    the check of who manages a server now."""
    app = web.Application(middlewares=[headers_middleware(config.media_sources())])
    storage = EncryptedCookieStorage(
        config.session_key, cookie_name=COOKIE, max_age=config.session_seconds,
        httponly=True, samesite="Lax", secure=config.secure_cookies,
    )  # fmt: skip
    setup_sessions(app, storage)
    app.middlewares.append(_errors)  # inside the session: its pages can read the session
    views.setup(app)
    app[auth.LOGIN], app[auth.LIMITER], app[DATABASE] = login, limiter or LoginLimiter(), database
    auth.install(app)
    pages.install(app, gallery)
    if moderators is not None:
        dashboard.install(app, *moderators)
    app.router.add_get("/healthz", _health)
    app.router.add_static("/static/", STATIC)
    return app
