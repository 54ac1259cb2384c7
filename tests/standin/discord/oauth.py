"""Discord's OAuth2, as the stand-in serves it: the authorize page (a member consents, or
cancels), the token exchange (code, redirect URI, client secret and PKCE verifier checked, with
Discord's error bodies), and what a Bearer token reads: ``/users/@me`` and
``/users/@me/guilds`` (each server with the member's permissions there, as a string)."""

from __future__ import annotations

import base64
import hashlib
import html
import secrets
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from aiohttp import BasicAuth, web

from tests.standin.discord import payloads as p
from tests.standin.discord.answers import json_answer
from tests.standin.discord.guilds import permissions
from tests.standin.discord.rest import API, Handler
from tests.standin.discord.state import World

CODE_SECONDS = 600.0  # Discord's codes are short-lived and single-use
DENIED = "The resource owner or authorization server denied the request"


@dataclass
class Grant:
    user: dict[str, Any]
    redirect_uri: str
    challenge: str
    scopes: str
    made: float = field(default_factory=time.monotonic)


class OAuth:
    def __init__(self, world: World, client_secret: str = "standin-client-secret") -> None:  # noqa: S107 - a stand-in's
        self.world = world
        self.client_secret = client_secret
        self.user = world.member  # who consents on the authorize page (tests may change it)
        self.other_guilds: list[dict[str, Any]] = []  # servers the member is in, without the bot
        self.codes: dict[str, Grant] = {}
        self.tokens: dict[str, dict[str, Any]] = {}
        self.exchanges: list[dict[str, str]] = []  # every token request's form, for tests

    def install(self, app: web.Application) -> None:
        app.router.add_get("/oauth2/authorize", self._authorize_page)
        app.router.add_post("/oauth2/authorize", self._authorize)

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Answers what a client (not the bot) asks with its own credentials; the rest goes on
        to the bot's REST API."""
        bearer = request.headers.get("Authorization", "").startswith("Bearer ")
        if request.path == f"{API}/oauth2/token" and request.method == "POST":
            return await self._token(request)
        if bearer and request.path == f"{API}/users/@me":
            return self._with_token(request, p.own_user)
        if bearer and request.path == f"{API}/users/@me/guilds":
            return self._with_token(request, self._guilds)
        return await handler(request)

    # --- the member's side --------------------------------------------------------------

    async def _authorize_page(self, request: web.Request) -> web.Response:
        problem = self._request_problem(request.query)
        if problem:
            return web.Response(status=400, text=problem)
        name = html.escape(self.user["username"])
        hidden = "".join(
            f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
            for k, v in request.query.items()
        )
        return web.Response(
            content_type="text/html",
            text=f"<!doctype html><title>Discord</title><h1>songbot wants to access your account"
            f"</h1><p>Signed in as {name}</p><form method=post>{hidden}"
            f"<button name=choice value=authorize>Authorize</button>"
            f"<button name=choice value=cancel>Cancel</button></form>",
        )

    async def _authorize(self, request: web.Request) -> web.StreamResponse:
        form = {k: str(v) for k, v in (await request.post()).items()}
        problem = self._request_problem(form)
        if problem:
            return web.Response(status=400, text=problem)
        target = form["redirect_uri"]
        if form.get("choice") != "authorize":
            answer = {"error": "access_denied", "error_description": DENIED}
        else:
            code = secrets.token_urlsafe(20)
            self.codes[code] = Grant(
                self.user, target, form["code_challenge"], form.get("scope", "")
            )
            answer = {"code": code}
        if "state" in form:
            answer["state"] = form["state"]
        raise web.HTTPFound(f"{target}?{urlencode(answer)}")

    def _request_problem(self, query: Any) -> str | None:
        if query.get("client_id") != self.world.app_id:
            return "Unknown application"
        if query.get("response_type") != "code" or not query.get("redirect_uri"):
            return "Invalid OAuth2 request"
        if "identify" not in query.get("scope", "").split():
            return "Invalid scope"
        if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
            return "Invalid code challenge"
        return None

    # --- the client's side --------------------------------------------------------------

    async def _token(self, request: web.Request) -> web.Response:
        form = {k: str(v) for k, v in (await request.post()).items()}
        self.exchanges.append(form)
        client_id, secret = form.get("client_id"), form.get("client_secret")
        if "Authorization" in request.headers:
            try:
                auth = BasicAuth.decode(request.headers["Authorization"])
            except ValueError:
                return _oauth_error(401, "invalid_client")
            client_id, secret = auth.login, auth.password
        if client_id != self.world.app_id or secret != self.client_secret:
            return _oauth_error(401, "invalid_client")
        if form.get("grant_type") != "authorization_code":
            return _oauth_error(400, "unsupported_grant_type")
        grant = self.codes.pop(form.get("code", ""), None)  # single use
        if grant is None or time.monotonic() - grant.made > CODE_SECONDS:
            return _oauth_error(400, "invalid_grant", 'Invalid "code" in request.')
        if form.get("redirect_uri") != grant.redirect_uri:
            return _oauth_error(400, "invalid_grant", 'Invalid "redirect_uri" in request.')
        verifier = form.get("code_verifier", "")
        digest = hashlib.sha256(verifier.encode()).digest()
        if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant.challenge:
            return _oauth_error(400, "invalid_grant", 'Invalid "code_verifier" in request.')
        token = secrets.token_urlsafe(24)
        self.tokens[token] = grant.user
        return json_answer({
            "access_token": token, "token_type": "Bearer", "expires_in": 604800,
            "refresh_token": secrets.token_urlsafe(24), "scope": grant.scopes,
        })  # fmt: skip

    def _with_token(self, request: web.Request, read: Any) -> web.Response:
        token = request.headers["Authorization"].removeprefix("Bearer ")
        user = self.tokens.get(token)
        if user is None:
            return json_answer({"message": "401: Unauthorized", "code": 0}, status=401)
        return json_answer(read(user))

    def _guilds(self, user: dict[str, Any]) -> list[dict[str, Any]]:
        """The servers the bot is in (every stand-in member is in all), and any others."""
        return [
            {"id": guild["id"], "name": guild["name"], "icon": None, "banner": None,
             "owner": user["id"] == guild["owner_id"],
             "permissions": str(permissions(self.world, guild["id"], user["id"])),
             "features": []}
            for guild in self.world.guilds()
        ] + self.other_guilds  # fmt: skip


def _oauth_error(status: int, error: str, description: str | None = None) -> web.Response:
    """Discord's OAuth2 error body (RFC 6749's shape), not its REST error shape."""
    body = {"error": error}
    if description:
        body["error_description"] = description
    return json_answer(body, status=status)
