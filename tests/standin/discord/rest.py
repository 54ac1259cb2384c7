"""The stand-in's REST API: an aiohttp route table under ``/api/v10``.

Each route's template (``PATCH /channels/{channel}/messages/{message}``) is its rate-limit
bucket, and its major parameter (the channel, the guild, the webhook token) splits the
bucket, as on Discord. A middleware authenticates, records every call, applies the limits,
turns a :class:`Refusal` into Discord's JSON error and has every body and answer checked
against Discord's OpenAPI description (:mod:`conformance`). The routes themselves are in
:mod:`interactions` and :mod:`channels`; the application's few are here.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from tests.standin.discord import conformance
from tests.standin.discord import payloads as p
from tests.standin.discord.answers import (
    BODY,
    FILES,
    error,
    json_answer,
    json_body,
    rate_limited,
    read_body,
)
from tests.standin.discord.channels import Events
from tests.standin.discord.guilds import GuildRoutes
from tests.standin.discord.interactions import InteractionRoutes
from tests.standin.discord.ratelimit import Decision, RateLimiter
from tests.standin.discord.records import Call, Refusal
from tests.standin.discord.state import World

API = "/api/v10"
MAJOR_PARAMETERS = ("channel", "guild", "token")
# Routes that need no bot token: interaction callbacks and webhooks carry their own.
_TOKENLESS = (f"{API}/webhooks/", f"{API}/interactions/")


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


OLD_MESSAGE = 3600.0  # seconds: older messages are edited under a stricter limit


class Rest(InteractionRoutes, GuildRoutes):
    def __init__(
        self,
        world: World,
        *,
        token: str,
        gateway_url: Callable[[], str],
        attachment_size_limit: int,
        dispatch: Events,
        changed: Callable[[], Awaitable[None]],
    ) -> None:
        self.world = world
        self.limits = RateLimiter()
        self.attachment_size_limit = attachment_size_limit
        # Test hook: refuse (400, 50035) every message body for which this returns True, as
        # Discord refuses a body it finds malformed for a reason a test cannot produce honestly.
        self.refuse_body: Callable[[dict[str, Any]], bool] = lambda _body: False
        # Test hook: hold (never carry out, never answer) every request whose JSON body this
        # returns True for, as a request lost with a process killed while sending it.
        self.hold_body: Callable[[dict[str, Any]], bool] = lambda _body: False
        self.held: list[Call] = []
        # Test hook: while set (500, 502, …), every REST call is answered with that status, as
        # when Discord's API has an outage (discord.py tries each call again a few times).
        self.failing: int | None = None
        self._token = token
        self._gateway_url = gateway_url
        self._dispatch = dispatch
        self._changed = changed

    def routes(self) -> list[tuple[str, str, Handler]]:
        return [
            ("GET", "/users/@me", self._me),
            ("GET", "/oauth2/applications/@me", self._app_info),
            ("GET", "/gateway", self._gateway_info),
            ("GET", "/gateway/bot", self._bot_gateway_info),
            ("GET", "/applications/{app}/commands", self._commands),
            ("PUT", "/applications/{app}/commands", self._commands),
            ("GET", "/applications/{app}/guilds/{guild}/commands", self._commands),
            ("PUT", "/applications/{app}/guilds/{guild}/commands", self._commands),
            ("POST", "/interactions/{id}/{token}/callback", self._callback),
            ("POST", "/webhooks/{app}/{token}", self._followup),
            ("GET", "/webhooks/{app}/{token}/messages/{message}", self._webhook_message),
            ("PATCH", "/webhooks/{app}/{token}/messages/{message}", self._webhook_message),
            ("DELETE", "/webhooks/{app}/{token}/messages/{message}", self._webhook_message),
            ("GET", "/guilds/{guild}", self._guild),
            ("GET", "/guilds/{guild}/members/{user}", self._member),
            ("GET", "/guilds/{guild}/channels", self._channels),
            ("GET", "/channels/{channel}", self._channel),
            ("PATCH", "/channels/{channel}", self._edit_thread),
            ("POST", "/channels/{channel}/messages/{message}/threads", self._start_thread),
            ("POST", "/channels/{channel}/messages", self._send),
            ("GET", "/channels/{channel}/messages/{message}", self._channel_message),
            ("PATCH", "/channels/{channel}/messages/{message}", self._channel_message),
            ("DELETE", "/channels/{channel}/messages/{message}", self._channel_message),
        ]

    def install(self, app: web.Application) -> None:
        for method, template, handler in self.routes():
            app.router.add_route(method, API + template, handler)
        app.router.add_route("*", API + "/{tail:.*}", self._not_found)

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if not request.path.startswith(API + "/"):
            return await handler(request)
        return await self._answer(request, handler, conformance.active())

    async def _answer(
        self, request: web.Request, handler: Handler, check: conformance.Conformance | None
    ) -> web.StreamResponse:
        began = time.monotonic()
        if request.headers.get("Authorization") != f"Bot {self._token}" and not (
            request.path.startswith(_TOKENLESS)
        ):
            return error(401, 0, "401: Unauthorized")
        route = _route_of(request)
        body, files = await read_body(request)
        request[BODY], request[FILES] = body, files
        if check is not None:
            check.request(
                request.method, request.path.removeprefix(API), request.content_type, body
            )
        call = Call(request.method, route, request.path, body, files, began=began)
        self.world.calls.append(call)
        if isinstance(body, dict) and self.hold_body(body):
            self.held.append(call)
            await self._changed()
            await asyncio.Event().wait()  # until the stand-in closes (and cancels it)
        decision = self._decide(request, route)
        response: web.StreamResponse
        if self.failing is not None:
            call.status = self.failing
            response = error(self.failing, 0, f"{self.failing}: Discord is having trouble")
        elif not decision.allowed:
            call.status = 429
            self.world.rate_limited.append(call)
            response = rate_limited(
                decision.retry_after, decision.is_global, decision.headers, decision.code
            )
        else:
            try:
                response = await handler(request)
            except Refusal as refusal:
                response = error(refusal.status, refusal.code, refusal.message, refusal.errors)
            response.headers.update(decision.headers)
            call.status = response.status
        await self._changed()
        return response

    def _decide(self, request: web.Request, route: str) -> Decision:
        # As on Discord: interaction callbacks are not rate limited (each may be answered
        # once), and interaction webhooks do not count against the bot's global limit.
        if route.startswith("POST /interactions"):
            return Decision(True, {})
        major = next(
            (request.match_info[k] for k in MAJOR_PARAMETERS if k in request.match_info), ""
        )
        decision = self.limits.check(route, major, counts_globally=not route.startswith(
            f"{request.method} /webhooks"
        ))  # fmt: skip
        if (
            decision.allowed
            and route == "PATCH /channels/{channel}/messages/{message}"
            and self.world.age(request.match_info["message"]) > OLD_MESSAGE
        ):
            return self.limits.check_old_edit(major)
        return decision

    # --- the application -----------------------------------------------------------------

    async def _not_found(self, _request: web.Request) -> web.Response:
        return error(404, 0, "404: Not Found")

    async def _me(self, _request: web.Request) -> web.Response:
        return json_answer(p.own_user(self.world.bot_user))

    async def _app_info(self, _request: web.Request) -> web.Response:
        world = self.world
        return json_answer(
            {
                "id": world.app_id, "name": "songbot", "icon": None, "description": "",
                "type": None, "bot_public": True, "bot_require_code_grant": False,
                "verify_key": "0" * 64, "team": None, "flags": 0, "flags_new": "0",
                "owner": world.owner, "bot": world.bot_user, "redirect_uris": [],
                "interactions_endpoint_url": None, "role_connections_verification_url": None,
                "approximate_guild_count": len(world.guild_channels),
                "approximate_user_install_count": 0, "approximate_user_authorization_count": 0,
                "explicit_content_filter": 0, "eligible_oauth2_scopes": [],
            }
        )  # fmt: skip

    async def _gateway_info(self, _request: web.Request) -> web.Response:
        return json_answer({"url": self._gateway_url()})

    async def _bot_gateway_info(self, _request: web.Request) -> web.Response:
        """What an auto-sharded bot asks first: the shards Discord recommends, and how many
        sessions it may still start today."""
        return json_answer({
            "url": self._gateway_url(), "shards": self.world.shards,
            "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 86_400_000,
                                    "max_concurrency": 1},
        })  # fmt: skip

    async def _commands(self, request: web.Request) -> web.Response:
        scope = request.match_info.get("guild", "global")
        commands = self.world.commands
        if request.method == "PUT":
            commands[scope] = [
                p.command(command, self.world.app_id) for command in json_body(request)
            ]
        return json_answer(commands.get(scope, []))


def _route_of(request: web.Request) -> str:
    """``METHOD /template`` of the matched route: the bucket Discord counts it in."""
    resource = request.match_info.route.resource
    if resource is None or "{tail" in resource.canonical:
        return f"{request.method} {request.path.removeprefix(API)}"
    return f"{request.method} {resource.canonical.removeprefix(API)}"


# Discord's OAuth2 token exchange is documented, but not in its OpenAPI description.
UNDESCRIBED = frozenset({"POST /oauth2/token"})


@web.middleware
async def checked_answers(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every answer under ``/api/v10``, the bot's and a web page's (OAuth2) alike, checked
    against Discord's description (the first middleware: it sees what the others answer)."""
    response = await handler(request)
    check = conformance.active()
    path = request.path.removeprefix(API)
    described = f"{request.method} {path}" not in UNDESCRIBED
    # 5xx: Discord having an outage (the fault switch), which no operation describes
    if check is not None and path != request.path and described and response.status < 500:
        check.answer(request.method, path, response)
    return response
