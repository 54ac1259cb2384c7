"""Logging in with Discord, and out: ``/login``, ``/auth/discord/callback``, ``/logout``.

The session cookie (encrypted, HttpOnly, SameSite=Lax, Secure behind https, expiring) holds
who logged in and their servers that the bot knows, never Discord's token."""

from __future__ import annotations

import logging
import secrets
from typing import Any

from aiohttp import web
from aiohttp_session import get_session, new_session

from bot.features.gallery import Gallery, Seat, Viewer
from bot.web.discord_login import DiscordLogin, LoginFailedError, pkce_pair
from bot.web.security import LoginLimiter, check_csrf, local_path
from bot.web.views import page

log = logging.getLogger(__name__)
GALLERY = web.AppKey("gallery", Gallery)
LOGIN = web.AppKey("login", DiscordLogin)
LIMITER = web.AppKey("limiter", LoginLimiter)
MAX_SEATS = 100  # servers kept in the cookie (it must stay under 4 KB)


async def login(request: web.Request) -> web.StreamResponse:
    address = request.remote or "unknown"
    if not request.app[LIMITER].allow(address):
        return await page(
            request, "message.html", status=429, title="Too many logins",
            text="Too many logins from here in the last minute: wait a moment and try again.",
        )  # fmt: skip
    session = await get_session(request)
    state = secrets.token_urlsafe(24)
    verifier, challenge = pkce_pair()
    session["oauth"] = {
        "state": state, "verifier": verifier, "next": local_path(request.query.get("next")),
    }  # fmt: skip
    raise web.HTTPFound(request.app[LOGIN].authorize_url(state, challenge))


async def callback(request: web.Request) -> web.StreamResponse:
    session = await get_session(request)
    started: Any = session.pop("oauth", None)
    if request.query.get("error"):
        return await _refused(request, "The login was cancelled on Discord: nothing changed.")
    state = request.query.get("state", "")
    if not isinstance(started, dict) or not secrets.compare_digest(
        state.encode(), str(started.get("state", "")).encode()
    ):
        return await _refused(request, "This login link is stale or was not started here.")
    code = request.query.get("code", "")
    if not code or len(code) > 200:
        return await _refused(request, "Discord sent no login code.")
    try:
        member = await request.app[LOGIN].member(code, str(started["verifier"]))
    except LoginFailedError as exc:
        return await _refused(request, str(exc), status=502)
    everywhere = Viewer(
        member.id, member.name, {g.id: Seat(g.name[:100], g.permissions) for g in member.guilds}
    )
    shared = await request.app[GALLERY].servers(everywhere)
    fresh = await new_session(request)  # a new session on login: no fixation
    fresh["viewer"] = {
        "id": str(member.id), "name": member.name[:100],
        "seats": [[str(s.id), s.name, everywhere.seats[s.id].permissions]
                  for s in shared[:MAX_SEATS]],
    }  # fmt: skip
    log.info("member %s logged in to the gallery", member.id)
    raise web.HTTPFound(local_path(str(started.get("next") or "/")))


async def logout(request: web.Request) -> web.StreamResponse:
    session = await get_session(request)
    await check_csrf(request, session)
    session.invalidate()
    raise web.HTTPSeeOther("/")


async def _refused(request: web.Request, text: str, status: int = 400) -> web.StreamResponse:
    return await page(
        request, "message.html", status=status, title="Not logged in", text=text, retry=True
    )


def install(app: web.Application) -> None:
    app.router.add_get("/login", login)
    app.router.add_get("/auth/discord/callback", callback)
    app.router.add_post("/logout", logout)
