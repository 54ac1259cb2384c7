"""A loopback stand-in for Discord: REST routes, a gateway websocket and a CDN.

The real discord.py client connects to it. It records every REST call (JSON and files),
enforces Discord-like rate limits (429 with Discord's headers, including ``Via``), refuses
message bodies over Discord's limits, and expires interaction tokens after a set lifetime.
Tests drive it by dispatching interactions and wait on its records with :meth:`wait_for`.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import BodyPartReader, web

from tests.standin.discord import payloads as p
from tests.standin.discord.ratelimit import Decision, RateLimiter
from tests.standin.discord.validation import MAX_REQUEST_BYTES, body_errors

API = "/api/v10"


@dataclass
class UploadedFile:
    field: str
    filename: str
    content_type: str
    data: bytes


@dataclass
class Call:
    method: str
    route: str  # template, e.g. "PATCH /webhooks/{app}/{token}/messages/{id}"
    path: str
    json: Any
    files: list[UploadedFile]
    status: int = 0
    at: float = field(default_factory=time.monotonic)  # when the whole request was in
    began: float = 0.0  # when its headers arrived (``at - began`` is the upload time)


@dataclass(frozen=True)
class Ref:
    """An option value that is a Discord object: sent as an id plus ``resolved`` data."""

    kind: str  # "member", "role" or "channel"
    data: dict[str, Any]


@dataclass
class Interaction:
    id: str
    token: str
    channel_id: str
    created: float
    user: dict[str, Any] = field(default_factory=dict)
    original_id: str | None = None
    modal: dict[str, Any] | None = None
    responded: bool = False


class DiscordStandIn:
    def __init__(
        self,
        *,
        token: str = "standin-bot-token",  # noqa: S107 - a stand-in's fake token
        token_lifetime: float = 15 * 60.0,
        attachment_size_limit: int = 10 * 1024 * 1024,
        channels: int = 2,
    ) -> None:
        self.token = token
        self.token_lifetime = token_lifetime
        self.attachment_size_limit = attachment_size_limit
        self.limits = RateLimiter()
        self.calls: list[Call] = []
        self.rate_limited: list[Call] = []
        self.messages: dict[str, dict[str, Any]] = {}
        self.files: dict[str, UploadedFile] = {}
        self.interactions: dict[str, Interaction] = {}
        self.commands: dict[str, list[dict[str, Any]]] = {}  # "global" or a guild id
        self.identifies = 0
        # Test driver: refuse (400, 50035) every message body for which this returns True, as
        # Discord refuses a body it finds malformed for a reason a test cannot produce honestly.
        self.refuse_body: Callable[[dict[str, Any]], bool] = lambda _body: False
        self.resumes = 0
        self._changed = asyncio.Condition()
        self._ws: web.WebSocketResponse | None = None
        self._seq = 0
        self._runner: web.AppRunner | None = None
        self.base = ""

        self.app_id = p.snowflake()
        self.bot_user = p.user(self.app_id, "songbot", bot=True)
        self.guild_id = p.snowflake()
        self.owner = p.user(p.snowflake(), "owner")
        self.member = p.user(p.snowflake(), "member")
        self.channel_ids = [p.snowflake() for _ in range(channels)]
        self.dj_role = p.role(p.snowflake(), "DJ", 0, position=1)

    # --- life ----------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application(client_max_size=MAX_REQUEST_BYTES * 2)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/cdn/{id}/{filename}", self._cdn)
        app.router.add_route("*", API + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.base = f"http://127.0.0.1:{self._runner.addresses[0][1]}"

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return self.base + API

    @property
    def gateway_url(self) -> str:
        return self.base.replace("http://", "ws://") + "/gateway"

    # --- what tests call -----------------------------------------------------------------

    async def wait_for(self, predicate: Callable[[], Any], limit: float = 20.0) -> Any:
        """Wait until ``predicate()`` is truthy (re-checked on every change); return it."""
        async with asyncio.timeout(limit), self._changed:
            while not (result := predicate()):
                await self._changed.wait()
            return result

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def wait_ready(self) -> None:
        await self.wait_for(lambda: self._ws is not None and self.identifies > 0)

    def add_attachment(
        self, filename: str, data: bytes, content_type: str | None
    ) -> dict[str, Any]:
        """A file as if a member had uploaded it with a command; served by the CDN."""
        attachment_id = p.snowflake()
        self.files[attachment_id] = UploadedFile("upload", filename, content_type or "", data)
        payload = {
            "id": attachment_id,
            "filename": filename,
            "size": len(data),
            "url": f"{self.base}/cdn/{attachment_id}/{filename}",
            "proxy_url": f"{self.base}/cdn/{attachment_id}/{filename}",
        }
        if content_type:
            payload["content_type"] = content_type
        return payload

    async def slash(
        self,
        name: str,
        options: dict[str, Any] | None = None,
        *,
        user: dict[str, Any] | None = None,
        channel: int = 0,
        permissions: int = p.MEMBER_PERMISSIONS,
        attachments: dict[str, dict[str, Any]] | None = None,
        group: str | None = None,
        roles: list[str] | None = None,
    ) -> Interaction:
        """Dispatch INTERACTION_CREATE for ``/name`` with options, as a member would."""
        resolved: dict[str, Any] = {}
        opts: list[dict[str, Any]] = []
        for key, value in (options or {}).items():
            if isinstance(value, Ref):
                opts.append(
                    {"name": key, "type": _REF_TYPES[value.kind], "value": value.data["id"]}
                )
                self._resolve(resolved, value)
            else:
                opts.append({"name": key, "type": _option_type(value), "value": value})
        for key, attachment in (attachments or {}).items():
            opts.append({"name": key, "type": 11, "value": attachment["id"]})
            resolved.setdefault("attachments", {})[attachment["id"]] = attachment
        if group:
            opts = [{"name": group, "type": 1, "options": opts}]
        data = {"id": p.snowflake(), "name": name, "type": 1, "options": opts}
        if resolved:
            data["resolved"] = resolved
        return await self._interact(
            2,
            data=data,
            user=user or self.member,
            channel=channel,
            permissions=permissions,
            roles=roles,
        )

    def member_ref(self, user: dict[str, Any], roles: list[str] | None = None) -> Ref:
        return Ref("member", {**p.member(user, roles=roles), "id": user["id"]})

    def role_ref(self, role: dict[str, Any]) -> Ref:
        return Ref("role", role)

    def channel_ref(self, index: int) -> Ref:
        return Ref("channel", {**self._channel(self.channel_ids[index]),
                               "permissions": str(p.ALL_PERMISSIONS)})  # fmt: skip

    @staticmethod
    def _resolve(resolved: dict[str, Any], ref: Ref) -> None:
        item_id = ref.data["id"]
        if ref.kind == "member":
            member = {k: v for k, v in ref.data.items() if k not in {"user", "id"}}
            resolved.setdefault("members", {})[item_id] = member
            resolved.setdefault("users", {})[item_id] = ref.data["user"]
        else:
            resolved.setdefault(f"{ref.kind}s", {})[item_id] = ref.data

    async def submit_modal(self, interaction: Interaction, values: dict[str, str]) -> Interaction:
        """Fill in and submit the modal the bot answered ``interaction`` with."""
        assert interaction.modal is not None, "the bot did not answer with a modal"
        rows = []
        for row in interaction.modal["components"]:
            if row["type"] == 18:  # a Label holding one input
                inner = row["component"]
                rows.append({"type": 18, "component": _filled(inner, values)})
            else:
                rows.append(
                    {"type": 1, "components": [_filled(c, values) for c in row["components"]]}
                )
        data = {"custom_id": interaction.modal["custom_id"], "components": rows}
        channel = self.channel_ids.index(interaction.channel_id)
        return await self._interact(
            5, data=data, user=self.member, channel=channel, permissions=p.MEMBER_PERMISSIONS
        )

    async def _interact(
        self,
        kind: int,
        *,
        data: dict[str, Any],
        user: dict[str, Any],
        channel: int,
        permissions: int,
        roles: list[str] | None = None,
    ) -> Interaction:
        channel_id = self.channel_ids[channel]
        interaction = Interaction(
            id=p.snowflake(),
            token=f"itok-{secrets.token_hex(16)}",
            channel_id=channel_id,
            created=time.monotonic(),
            user=user,
        )
        self.interactions[interaction.token] = interaction
        member = p.member(user, roles=roles)
        member["permissions"] = str(permissions)
        await self.dispatch(
            "INTERACTION_CREATE",
            {
                "id": interaction.id,
                "application_id": self.app_id,
                "type": kind,
                "data": data,
                "guild_id": self.guild_id,
                "channel_id": channel_id,
                "channel": self._channel(channel_id),
                "member": member,
                "token": interaction.token,
                "version": 1,
                "app_permissions": str(p.ALL_PERMISSIONS),
                "locale": "en-US",
                "guild_locale": "en-US",
                "entitlements": [],
                "authorizing_integration_owners": {"0": self.guild_id},
                "context": 0,
                "attachment_size_limit": self.attachment_size_limit,
            },
        )
        return interaction

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        await self.wait_ready()
        assert self._ws is not None
        self._seq += 1
        await self._ws.send_json({"op": 0, "t": event, "s": self._seq, "d": data})

    async def drop_gateway(self) -> None:
        """Close the gateway connection as Discord does when it wants a reconnect."""
        if self._ws is not None:
            ws, self._ws = self._ws, None
            await ws.close(code=4000, message=b"stand-in dropped the connection")

    def calls_to(self, route_prefix: str) -> list[Call]:
        return [c for c in self.calls if c.route.startswith(route_prefix)]

    def original(self, interaction: Interaction) -> dict[str, Any] | None:
        return self.messages.get(interaction.original_id or "")

    # --- gateway -------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": 41250}, "s": None, "t": None})
        async for message in ws:
            frame = json.loads(message.data)
            op, data = frame.get("op"), frame.get("d")
            if op == 1:
                await ws.send_json({"op": 11, "d": None, "s": None, "t": None})
            elif op == 2:
                await self._identify(ws, data)
            elif op == 6:
                self.resumes += 1
                self._ws = ws
                self._seq += 1
                await ws.send_json({"op": 0, "t": "RESUMED", "s": self._seq, "d": {}})
                await self._notify()
        return ws

    async def _identify(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        if data.get("token") != self.token:
            await ws.close(code=4004, message=b"Authentication failed.")
            return
        self._seq += 1
        await ws.send_json(
            {
                "op": 0,
                "t": "READY",
                "s": self._seq,
                "d": {
                    "v": 10,
                    "user": self.bot_user,
                    "guilds": [{"id": self.guild_id, "unavailable": True}],
                    "session_id": secrets.token_hex(16),
                    "resume_gateway_url": self.gateway_url,
                    "shard": [0, 1],
                    "application": {"id": self.app_id, "flags": 0},
                    "private_channels": [],
                    "relationships": [],
                    "presences": [],
                },
            }
        )
        self._ws = ws
        self._seq += 1
        await ws.send_json({"op": 0, "t": "GUILD_CREATE", "s": self._seq, "d": self._guild()})
        self.identifies += 1
        await self._notify()

    def _guild(self) -> dict[str, Any]:
        everyone = p.role(self.guild_id, "@everyone", p.MEMBER_PERMISSIONS)
        channels = [
            p.text_channel(cid, self.guild_id, f"songs-{n}", n)
            for n, cid in enumerate(self.channel_ids)
        ]
        members = [p.member(self.bot_user), p.member(self.owner), p.member(self.member)]
        return p.guild(
            guild_id=self.guild_id,
            name="Stand-in Server",
            owner_id=self.owner["id"],
            channels=channels,
            roles=[everyone, self.dj_role],
            members=members,
        )

    def _channel(self, channel_id: str) -> dict[str, Any]:
        index = self.channel_ids.index(channel_id)
        return p.text_channel(channel_id, self.guild_id, f"songs-{index}", index)

    # --- CDN -----------------------------------------------------------------------------

    async def _cdn(self, request: web.Request) -> web.Response:
        upload = self.files.get(request.match_info["id"])
        if upload is None:
            raise web.HTTPNotFound
        return web.Response(body=upload.data, content_type=upload.content_type or None)

    # --- REST ----------------------------------------------------------------------------

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        began = time.monotonic()
        if request.headers.get("Authorization") != f"Bot {self.token}" and not _is_webhook(
            request.path
        ):
            return _error(401, 0, "401: Unauthorized")
        parts = request.path.removeprefix(API).strip("/").split("/")
        route, major, handler = self._route(request.method, parts)
        body, files = await _read_body(request)
        call = Call(request.method, route, request.path, body, files, began=began)
        self.calls.append(call)
        # As on Discord: interaction callbacks are not rate limited (each may be answered
        # once), and interaction webhooks do not count against the bot's global limit.
        if route.startswith("POST /interactions"):
            decision = Decision(True, {})
        else:
            decision = self.limits.check(
                route, major, counts_globally=not route.startswith(f"{request.method} /webhooks")
            )
        if not decision.allowed:
            call.status = 429
            self.rate_limited.append(call)
            response = _rate_limited(decision.retry_after, decision.is_global, decision.headers)
        else:
            try:
                response = await handler(request, parts, body, files)
            except _Refusal as refusal:
                response = _error(refusal.status, refusal.code, refusal.message, refusal.errors)
            response.headers.update(decision.headers)
            call.status = response.status
        await self._notify()
        return response

    def _route(self, method: str, parts: list[str]) -> tuple[str, str, Any]:
        head = parts[0] if parts else ""
        table: list[tuple[str, int, str, Any]] = [
            ("users", 2, "GET /users/@me", self._me),
            ("oauth2", 3, "GET /oauth2/applications/@me", self._app_info),
            ("gateway", 0, "GET /gateway", self._gateway_info),
            ("applications", 0, f"{method} /applications/commands", self._app_commands),
            ("interactions", 4, "POST /interactions/{id}/{token}/callback", self._callback),
            ("webhooks", 0, f"{method} /webhooks", self._webhook),
            ("channels", 0, f"{method} /channels", self._channel_route),
        ]
        for name, _size, route, handler in table:
            if head != name:
                continue
            if name == "webhooks":
                tail = "/{app}/{token}" + ("/messages/{id}" if len(parts) > 3 else "")
                return route + tail, parts[2] if len(parts) > 2 else "", handler
            if name == "channels":
                tail = "/{id}" + ("/messages" if len(parts) > 2 else "")
                tail += "/{id}" if len(parts) > 3 else ""
                return route + tail, parts[1] if len(parts) > 1 else "", handler
            return route, "", handler
        return f"{method} /{'/'.join(parts)}", "", self._not_found

    async def _not_found(self, *_args: Any) -> web.Response:
        return _error(404, 0, "404: Not Found")

    async def _me(self, *_args: Any) -> web.Response:
        return _json(self.bot_user)

    async def _app_info(self, *_args: Any) -> web.Response:
        return _json(
            {
                "id": self.app_id,
                "name": "songbot",
                "icon": None,
                "description": "",
                "summary": "",
                "bot_public": True,
                "bot_require_code_grant": False,
                "verify_key": "0" * 64,
                "team": None,
                "flags": 0,
                "owner": self.owner,
                "bot": self.bot_user,
            }
        )

    async def _gateway_info(self, *_args: Any) -> web.Response:
        return _json({"url": self.gateway_url})

    async def _app_commands(
        self, request: web.Request, parts: list[str], body: Any, _files: Any
    ) -> web.Response:
        scope = parts[3] if len(parts) > 4 and parts[2] == "guilds" else "global"
        if request.method == "PUT":
            self.commands[scope] = [
                {**command, "id": p.snowflake(), "application_id": self.app_id, "version": "1"}
                for command in body
            ]
        return _json(self.commands.get(scope, []))

    async def _callback(
        self, _request: web.Request, parts: list[str], body: Any, files: list[UploadedFile]
    ) -> web.Response:
        interaction = self.interactions.get(parts[2])
        if interaction is None or interaction.id != parts[1]:
            raise _Refusal(404, 10062, "Unknown interaction")
        if interaction.responded:
            raise _Refusal(400, 40060, "Interaction has already been acknowledged.")
        if time.monotonic() - interaction.created > 3.0:
            raise _Refusal(404, 10062, "Unknown interaction")  # Discord's 3-second rule
        interaction.responded = True
        kind, data = body["type"], body.get("data") or {}
        resource: dict[str, Any] = {"type": kind}
        if kind == 9:
            interaction.modal = data
        elif kind in (4, 5):
            self._check_body(data, files)
            message = self._store_message(interaction.channel_id, data, files, interaction)
            interaction.original_id = message["id"]
            resource["message"] = message
        return _json(
            {
                "interaction": {
                    "id": interaction.id,
                    "type": 2,
                    "response_message_id": interaction.original_id,
                    "response_message_loading": kind == 5,
                    "response_message_ephemeral": bool((data.get("flags") or 0) & 64),
                },
                "resource": resource,
            }
        )

    async def _webhook(
        self, request: web.Request, parts: list[str], body: Any, files: list[UploadedFile]
    ) -> web.Response:
        interaction = self.interactions.get(parts[2] if len(parts) > 2 else "")
        if interaction is None or time.monotonic() - interaction.created > self.token_lifetime:
            raise _Refusal(401, 50027, "Invalid Webhook Token")
        if len(parts) == 3 and request.method == "POST":  # a follow-up
            self._check_body(body, files)
            message = self._store_message(interaction.channel_id, body, files, interaction)
            return _json(message)
        message_id = parts[4] if len(parts) > 4 else ""
        if message_id == "@original":
            message_id = interaction.original_id or ""
        return await self._message_op(request.method, message_id, body, files)

    async def _channel_route(
        self, request: web.Request, parts: list[str], body: Any, files: list[UploadedFile]
    ) -> web.Response:
        channel_id = parts[1]
        if channel_id not in self.channel_ids:
            raise _Refusal(404, 10003, "Unknown Channel")
        if len(parts) == 2:
            return _json(self._channel(channel_id))
        if len(parts) == 3 and request.method == "POST":
            self._check_body(body, files)
            return _json(self._store_message(channel_id, body, files, None))
        return await self._message_op(request.method, parts[3], body, files)

    async def _message_op(
        self, method: str, message_id: str, body: Any, files: list[UploadedFile]
    ) -> web.Response:
        message = self.messages.get(message_id)
        if message is None:
            raise _Refusal(404, 10008, "Unknown Message")
        if method == "GET":
            return _json(message)
        if method == "DELETE":
            del self.messages[message_id]
            return web.Response(status=204)
        self._check_body(body, files)
        for key in ("content", "embeds", "components", "flags"):
            if key in body:
                message[key] = body[key] if body[key] is not None else _EMPTY[key]
        if "attachments" in body:
            keep = {str(a.get("id")) for a in body["attachments"]}
            message["attachments"] = [a for a in message["attachments"] if a["id"] in keep]
        message["attachments"] += self._save_files(files)
        message["edited_timestamp"] = p.now_iso()
        return _json(message)

    def _check_body(self, body: dict[str, Any], files: list[UploadedFile]) -> None:
        errors = body_errors(body)
        if self.refuse_body(body):
            errors.append("refused by the test")
        too_big = [f.filename for f in files if len(f.data) > self.attachment_size_limit]
        if too_big:
            raise _Refusal(413, 40005, f"Request entity too large: {', '.join(too_big)}")
        if errors:
            raise _Refusal(400, 50035, "Invalid Form Body", errors)

    def _store_message(
        self,
        channel_id: str,
        body: dict[str, Any],
        files: list[UploadedFile],
        interaction: Interaction | None,
    ) -> dict[str, Any]:
        meta = None
        if interaction:
            meta = {
                "id": interaction.id,
                "type": 2,
                "user": interaction.user,
                "authorizing_integration_owners": {"0": self.guild_id},
            }
        message = p.message(
            p.snowflake(), channel_id, self.bot_user, body, self._save_files(files),
            guild_id=self.guild_id, interaction=meta,
        )  # fmt: skip
        message["allowed_mentions"] = body.get("allowed_mentions")
        self.messages[message["id"]] = message
        return message

    def _save_files(self, files: list[UploadedFile]) -> list[dict[str, Any]]:
        saved = []
        for upload in files:
            attachment_id = p.snowflake()
            self.files[attachment_id] = upload
            url = f"{self.base}/cdn/{attachment_id}/{upload.filename}"
            saved.append(
                {
                    "id": attachment_id,
                    "filename": upload.filename,
                    "size": len(upload.data),
                    "url": url,
                    "proxy_url": url,
                    "content_type": upload.content_type,
                }
            )
        return saved


_EMPTY: dict[str, Any] = {"content": "", "embeds": [], "components": [], "flags": 0}


class _Refusal(Exception):  # noqa: N818 - an answer, not a bug
    def __init__(self, status: int, code: int, message: str, errors: list[str] | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.errors = status, code, message, errors


def _is_webhook(path: str) -> bool:
    return path.startswith((f"{API}/webhooks/", f"{API}/interactions/"))


_REF_TYPES = {"member": 6, "role": 8, "channel": 7}


def _option_type(value: Any) -> int:
    if isinstance(value, bool):
        return 5
    if isinstance(value, int):
        return 4
    return 3


def _filled(component: dict[str, Any], values: dict[str, str]) -> dict[str, Any]:
    return {
        "type": 4,
        "custom_id": component["custom_id"],
        "value": values.get(component["custom_id"], ""),
    }


async def _read_body(request: web.Request) -> tuple[Any, list[UploadedFile]]:
    if not request.can_read_body:
        return None, []
    if request.content_type.startswith("multipart/"):
        body: Any = None
        files: list[UploadedFile] = []
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader):
                continue
            data = await part.read()
            if part.name == "payload_json":
                body = json.loads(data)
            else:
                content_type = part.headers.get("Content-Type", "")
                name = part.filename or "file"
                files.append(UploadedFile(str(part.name), name, content_type, bytes(data)))
        return body, files
    return await request.json(), []


def _json(data: Any, status: int = 200) -> web.Response:
    # discord.py parses JSON only when Content-Type is exactly "application/json".
    return web.Response(
        body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"}
    )


def _error(status: int, code: int, message: str, errors: list[str] | None = None) -> web.Response:
    body: dict[str, Any] = {"code": code, "message": message}
    if errors:
        body["errors"] = _error_tree(errors)
    return _json(body, status=status)


def _error_tree(errors: list[str]) -> dict[str, Any]:
    """Errors nested by path, as Discord sends them: ``"embeds.0.title: too long"`` becomes
    ``{"embeds": {"0": {"title": {"_errors": [{"code": …, "message": "too long"}]}}}}``."""
    tree: dict[str, Any] = {}
    for error in errors:
        path, _, text = error.partition(": ")
        node = tree
        for part in path.split("."):
            node = node.setdefault(part, {})
        node.setdefault("_errors", []).append({"code": "BASE_TYPE_INVALID", "message": text})
    return tree


def _rate_limited(retry_after: float, is_global: bool, headers: dict[str, str]) -> web.Response:
    response = _json(
        {"message": "You are being rate limited.", "retry_after": round(retry_after, 3),
         "global": is_global},
        status=429,
    )  # fmt: skip
    response.headers.update(headers)
    response.headers["Retry-After"] = f"{retry_after:.3f}"
    response.headers["X-RateLimit-Scope"] = "global" if is_global else "user"
    response.headers["Via"] = "1.1 google"  # discord.py retries only 429s that carry Via
    if is_global:
        response.headers["X-RateLimit-Global"] = "true"
    return response
