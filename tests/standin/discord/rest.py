"""The stand-in's REST API: an aiohttp route table under ``/api/v10``.

Each route's template (``PATCH /channels/{channel}/messages/{message}``) is its rate-limit
bucket, and its major parameter (the channel, the guild, the webhook token) splits the
bucket, as on Discord. A middleware authenticates, records every call, applies the limits
and turns a :class:`Refusal` into Discord's JSON error.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from tests.standin.discord import conformance
from tests.standin.discord import payloads as p
from tests.standin.discord.answers import error, json_answer, rate_limited, read_body
from tests.standin.discord.ratelimit import Decision, RateLimiter
from tests.standin.discord.state import EPHEMERAL, Call, Interaction, Refusal, UploadedFile, World
from tests.standin.discord.validation import body_errors, modal_errors

API = "/api/v10"
MAJOR_PARAMETERS = ("channel", "guild", "token")
# Routes that need no bot token: interaction callbacks and webhooks carry their own.
_TOKENLESS = (f"{API}/webhooks/", f"{API}/interactions/")

# What the middleware read of a request, for its handler.
BODY = web.RequestKey("body", object)
FILES = web.RequestKey("files", list[UploadedFile])

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Events = Callable[[str, dict[str, Any]], Awaitable[None]]


OLD_MESSAGE = 3600.0  # seconds: older messages are edited under a stricter limit


class Rest:
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
        check = conformance.active()
        response = await self._answer(request, handler, check)
        if check is not None:
            check.answer(request.method, request.path.removeprefix(API), response)
        return response

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
        decision = self._decide(request, route)
        response: web.StreamResponse
        if not decision.allowed:
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
                p.command(command, self.world.app_id) for command in _json_body(request)
            ]
        return json_answer(commands.get(scope, []))

    # --- interactions ----------------------------------------------------------------------

    async def _callback(self, request: web.Request) -> web.Response:
        interaction = self.world.interactions.get(request.match_info["token"])
        if interaction is None or interaction.id != request.match_info["id"]:
            raise Refusal(404, 10062, "Unknown interaction")
        if interaction.responded:
            raise Refusal(400, 40060, "Interaction has already been acknowledged.")
        if time.monotonic() - interaction.created > 3.0:
            raise Refusal(404, 10062, "Unknown interaction")  # Discord's 3-second rule
        body, files = _json_body(request), request[FILES]
        kind, data = body["type"], body.get("data") or {}
        _check_callback_type(interaction, kind)
        # Only a message sent or updated (4 and 7) is a resource of the answer, as Discord
        # describes it; a deferred answer's loading message is only named by its id.
        resource: dict[str, Any] = {"type": kind}
        if kind == 8:
            choices = data.get("choices") or []
            if len(choices) > 25 or any(len(c["name"]) > 100 for c in choices):
                raise Refusal(
                    400, 50035, "Invalid Form Body", ["data.choices: too many or too long"]
                )
            interaction.choices = choices
        elif kind == 9:
            errors = modal_errors(data)
            if errors:
                raise Refusal(400, 50035, "Invalid Form Body", errors)
            interaction.modal = data
        elif kind in (4, 5):
            self._check_body(data, files)
            message = self.world.post(interaction.channel_id, data, files, interaction)
            interaction.original_id = message["id"]
            if kind == 4:
                resource["message"] = message
        elif kind in (6, 7):  # the clicked message becomes the interaction's original
            message = self.world.message(interaction.message_id or "")
            interaction.original_id = message["id"]
            if kind == 7:
                self._check_body(data, files)
                resource["message"] = self.world.edit(message, data, files)
        interaction.responded = True
        answered: dict[str, Any] = {"id": interaction.id, "type": interaction.kind}
        if interaction.original_id is not None:
            answered |= {
                "response_message_id": interaction.original_id,
                "response_message_loading": kind == 5,
                "response_message_ephemeral": bool((data.get("flags") or 0) & EPHEMERAL),
            }
        return json_answer(
            {"interaction": answered} | ({"resource": resource} if "message" in resource else {})
        )

    async def _followup(self, request: web.Request) -> web.Response:
        interaction = self.world.live_interaction(request.match_info["token"])
        if not interaction.responded:
            raise Refusal(404, 10015, "Unknown Webhook")  # no follow-up before an answer
        body, files = _json_body(request), request[FILES]
        self._check_body(body, files)
        message = self.world.post(interaction.channel_id, body, files, interaction)
        interaction.followups.append(message["id"])
        return json_answer(message)

    async def _webhook_message(self, request: web.Request) -> web.StreamResponse:
        interaction = self.world.live_interaction(request.match_info["token"])
        message_id = request.match_info["message"]
        if message_id == "@original":
            message_id = interaction.original_id or ""
        elif message_id not in interaction.followups:  # a webhook reaches only its own
            raise Refusal(404, 10008, "Unknown Message")
        return await self._message_op(request, self.world.message(message_id))

    # --- channels --------------------------------------------------------------------------

    async def _channel(self, request: web.Request) -> web.Response:
        return json_answer(self.world.channel(request.match_info["channel"]))

    async def _start_thread(self, request: web.Request) -> web.Response:
        channel_id = request.match_info["channel"]
        self.world.channel(channel_id)
        message = self.world.message(request.match_info["message"], channel_id)
        thread = self.world.start_thread(message, _json_body(request) or {})
        await self._dispatch("THREAD_CREATE", {**thread, "newly_created": True})
        return json_answer(thread, status=201)

    async def _edit_thread(self, request: web.Request) -> web.Response:
        """Archive, lock or rename a thread (the only channel edits the bot makes)."""
        thread = self.world.threads.get(request.match_info["channel"])
        if thread is None:
            raise Refusal(403, 50013, "Missing Permissions")
        body = _json_body(request) or {}
        meta = thread["thread_metadata"]
        for key in ("archived", "locked"):
            if key in body:
                meta[key] = bool(body[key])
        if "name" in body:
            thread["name"] = str(body["name"])[:100]
        meta["archive_timestamp"] = p.now_iso()
        await self._dispatch("THREAD_UPDATE", thread)
        return json_answer(thread)

    async def _send(self, request: web.Request) -> web.Response:
        channel_id = request.match_info["channel"]
        self.world.channel(channel_id)
        body, files = _json_body(request), request[FILES]
        self._check_body(body, files)
        return json_answer(self.world.post(channel_id, body, files, None))

    async def _channel_message(self, request: web.Request) -> web.StreamResponse:
        channel_id = request.match_info["channel"]
        self.world.channel(channel_id)
        message = self.world.message(request.match_info["message"], channel_id)
        if message["flags"] & EPHEMERAL:  # only its interaction's webhook reaches it
            raise Refusal(404, 10008, "Unknown Message")
        return await self._message_op(request, message)

    async def _message_op(
        self, request: web.Request, message: dict[str, Any]
    ) -> web.StreamResponse:
        if request.method == "GET":
            return json_answer(message)
        if request.method == "DELETE":
            self.world.delete(message)
            if not message["flags"] & EPHEMERAL:  # the gateway tells of public deletions
                await self._dispatch("MESSAGE_DELETE", {
                    "id": message["id"], "channel_id": message["channel_id"],
                    "guild_id": self.world.guild_of(message["channel_id"]),
                })  # fmt: skip
            return web.Response(status=204)
        body, files = _json_body(request), request[FILES]
        self._check_body(body, files)
        return json_answer(self.world.edit(message, body, files))

    def _check_body(self, body: dict[str, Any], files: list[UploadedFile]) -> None:
        errors = body_errors(body)
        if self.refuse_body(body):
            errors.append("refused by the test")
        too_big = [f.filename for f in files if len(f.data) > self.attachment_size_limit]
        if too_big:
            raise Refusal(413, 40005, f"Request entity too large: {', '.join(too_big)}")
        if errors:
            raise Refusal(400, 50035, "Invalid Form Body", errors)


def _json_body(request: web.Request) -> Any:
    return request[BODY]


def _route_of(request: web.Request) -> str:
    """``METHOD /template`` of the matched route: the bucket Discord counts it in."""
    resource = request.match_info.route.resource
    if resource is None or "{tail" in resource.canonical:
        return f"{request.method} {request.path.removeprefix(API)}"
    return f"{request.method} {resource.canonical.removeprefix(API)}"


def _check_callback_type(interaction: Interaction, kind: int) -> None:
    """Discord's refusals of a callback type the interaction cannot take."""
    problem = None
    if (kind == 8) != (interaction.kind == 4):  # autocomplete answers only that
        problem = "an autocomplete is answered with choices, and only it"
    elif kind == 9 and interaction.kind == 5:
        problem = "a modal cannot answer a modal"
    elif kind in (6, 7) and interaction.message_id is None:
        problem = "only a component's interaction can update its message"
    elif kind not in (4, 5, 6, 7, 8, 9):
        problem = f"unknown interaction callback type {kind}"
    if problem is not None:
        raise Refusal(400, 50035, "Invalid Form Body", [f"type: {problem}"])
