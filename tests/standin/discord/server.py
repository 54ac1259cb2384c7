"""A loopback stand-in for Discord that the real discord.py client connects to.

It is put together from parts: :mod:`state` (the guild, messages, files, interactions and the
call log), :mod:`gateway` (the websocket), :mod:`rest` (the REST route table, rate limits
with Discord's headers, form limits, token expiry) and a CDN. This module is the test driver:
tests start it, act as members (slash commands, button clicks, modal submits) and wait on
what the bot did with :meth:`DiscordStandIn.wait_for`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from tests.standin.discord import payloads as p
from tests.standin.discord.gateway import Gateway
from tests.standin.discord.oauth import OAuth
from tests.standin.discord.ratelimit import RateLimiter
from tests.standin.discord.rest import API, Rest
from tests.standin.discord.state import Call, Interaction, UploadedFile, World
from tests.standin.discord.validation import MAX_REQUEST_BYTES

__all__ = ["API", "Call", "DiscordStandIn", "Interaction", "Ref", "UploadedFile"]


@dataclass(frozen=True)
class Ref:
    """An option value that is a Discord object: sent as an id plus ``resolved`` data."""

    kind: str  # "member", "role" or "channel"
    data: dict[str, Any]


class DiscordStandIn:
    def __init__(
        self,
        *,
        token: str = "standin-bot-token",  # noqa: S107 - a stand-in's fake token
        token_lifetime: float = 15 * 60.0,
        attachment_size_limit: int = 10 * 1024 * 1024,
        channels: int = 2,
        guilds: int = 1,
        shards: int = 1,
    ) -> None:
        """``guilds=2`` (or more): the bot is in more servers, each with one channel, the last
        of ``channel_ids``; with ``shards``, server ``n`` is on shard ``n % shards``."""
        self.token = token
        self.attachment_size_limit = attachment_size_limit
        self.world = World(
            channels=channels, token_lifetime=token_lifetime, guilds=guilds, shards=shards
        )
        self.gateway = Gateway(self.world, token, lambda: self.gateway_url, self._notify)
        self.rest = Rest(
            self.world, token=token, gateway_url=lambda: self.gateway_url,
            attachment_size_limit=attachment_size_limit, dispatch=self._broadcast,
            changed=self._notify,
        )  # fmt: skip
        self.oauth = OAuth(self.world)  # Discord login, for the web gallery
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.base = ""
        world = self.world  # the guild's fixed facts, for tests to name
        self.app_id, self.guild_id, self.channel_ids = (
            world.app_id,
            world.guild_id,
            world.channel_ids,
        )
        self.owner, self.member, self.dj_role = world.owner, world.member, world.dj_role
        self.calls, self.rate_limited = world.calls, world.rate_limited
        self.messages, self.commands = world.messages, world.commands
        self.extra_members: list[dict[str, Any]] = []

    # --- life ----------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application(
            client_max_size=MAX_REQUEST_BYTES * 2,
            middlewares=[self.oauth.middleware, self.rest.middleware],
        )
        self.oauth.install(app)
        app.router.add_get("/gateway", self.gateway.serve)
        app.router.add_get("/cdn/{id}/{filename}", self._cdn)
        self.rest.install(app)
        self._runner = web.AppRunner(app, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.base = self.world.base = f"http://127.0.0.1:{self._runner.addresses[0][1]}"

    async def close(self) -> None:
        await self.gateway.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return self.base + API

    @property
    def gateway_url(self) -> str:
        return self.base.replace("http://", "ws://") + "/gateway"

    # --- what tests set ------------------------------------------------------------------

    @property
    def limits(self) -> RateLimiter:
        return self.rest.limits

    @property
    def refuse_body(self) -> Callable[[dict[str, Any]], bool]:
        return self.rest.refuse_body

    @refuse_body.setter
    def refuse_body(self, refuse: Callable[[dict[str, Any]], bool]) -> None:
        self.rest.refuse_body = refuse

    @property
    def token_lifetime(self) -> float:
        return self.world.token_lifetime

    @token_lifetime.setter
    def token_lifetime(self, seconds: float) -> None:
        self.world.token_lifetime = seconds

    @property
    def identifies(self) -> int:
        return self.gateway.identifies

    @property
    def resumes(self) -> int:
        return self.gateway.resumes

    # --- waiting -------------------------------------------------------------------------

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
        await self.wait_for(lambda: self.gateway.connected)

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        await self.wait_for(lambda: self.gateway.listeners(data))
        await self.gateway.dispatch(event, data)

    async def _broadcast(self, event: str, data: dict[str, Any]) -> None:
        """An event the bot hears of if it is connected (a missed one is not replayed)."""
        await self.gateway.broadcast(event, data)

    async def drop_gateway(self) -> None:
        await self.gateway.drop()

    # --- acting as members ---------------------------------------------------------------

    def add_attachment(
        self, filename: str, data: bytes, content_type: str | None
    ) -> dict[str, Any]:
        """A file as if a member had uploaded it with a command; served by the CDN."""
        attachment_id = p.snowflake()
        self.world.files[attachment_id] = UploadedFile("upload", filename, content_type or "", data)
        url = f"{self.base}/cdn/{attachment_id}/{filename}"
        payload = {"id": attachment_id, "filename": filename, "size": len(data), "url": url,
                   "proxy_url": url}  # fmt: skip
        if content_type:
            payload["content_type"] = content_type
        return payload

    def forget_file(self, attachment: dict[str, Any]) -> None:
        """Make an attachment's URL stop working, as Discord's signed CDN URLs expire."""
        self.world.files.pop(attachment["id"], None)

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
        locale: str = "en-US",
    ) -> Interaction:
        """Dispatch INTERACTION_CREATE for ``/name`` with options, as a member would (whose
        Discord is set to ``locale``)."""
        resolved: dict[str, Any] = {}
        opts: list[dict[str, Any]] = []
        for key, value in (options or {}).items():
            if isinstance(value, Ref):
                opts.append(
                    {"name": key, "type": _REF_TYPES[value.kind], "value": value.data["id"]}
                )
                _resolve(resolved, value)
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
        interaction = self.world.begin_interaction(
            2, user or self.member, self.channel_ids[channel]
        )
        await self._interact(interaction, data, permissions=permissions, roles=roles, locale=locale)
        return interaction

    async def click(
        self,
        message: dict[str, Any],
        label: str,
        *,
        user: dict[str, Any] | None = None,
        permissions: int = p.MEMBER_PERMISSIONS,
        roles: list[str] | None = None,
        locale: str = "en-US",
    ) -> Interaction:
        """Click the button labelled ``label`` (or ending with it) on ``message``, as a member
        whose Discord speaks ``locale``."""
        current = self.world.message(message["id"])  # as it is now, not as the test saw it
        button = _button(current, label)
        if button.get("disabled"):
            raise AssertionError(f"the {label!r} button is disabled")  # Discord greys it out
        interaction = self.world.begin_interaction(
            3, user or self.member, current["channel_id"], message_id=current["id"]
        )
        data = {"custom_id": button["custom_id"], "component_type": 2}
        await self._interact(
            interaction, data, permissions=permissions, roles=roles, message=current,
            locale=locale,
        )  # fmt: skip
        return interaction

    async def choose(
        self,
        message: dict[str, Any],
        custom_id_prefix: str,
        values: list[str],
        *,
        user: dict[str, Any] | None = None,
        permissions: int = p.MEMBER_PERMISSIONS,
    ) -> Interaction:
        """Pick ``values`` in the select menu whose custom id starts with the prefix. For a
        user select the values are user ids, sent with their ``resolved`` members, as
        Discord does."""
        current = self.world.message(message["id"])
        menu = _component(current, lambda c: c.get("type") in (3, 5, 6, 7, 8)
                          and str(c.get("custom_id", "")).startswith(custom_id_prefix))  # fmt: skip
        if menu["type"] == 3:
            offered = {o["value"] for o in menu.get("options", [])}
            assert set(values) <= offered, f"{values} are not among the options {offered}"
        interaction = self.world.begin_interaction(
            3, user or self.member, current["channel_id"], message_id=current["id"]
        )
        data: dict[str, Any] = {"custom_id": menu["custom_id"], "component_type": menu["type"],
                                "values": values}  # fmt: skip
        if menu["type"] == 5:
            known = {u["id"]: u for u in (self.owner, self.member, *self.extra_members)}
            users = {v: known[v] for v in values}
            data["resolved"] = {
                "users": users,
                "members": {v: {k: x for k, x in p.member(u).items() if k != "user"}
                            for v, u in users.items()},
            }  # fmt: skip
        await self._interact(interaction, data, permissions=permissions, message=current)
        return interaction

    def new_member(self, name: str) -> dict[str, Any]:
        """Another member of the guild (sent to the bot as GUILD_MEMBER_ADD is not needed:
        interactions carry their member)."""
        user = p.user(p.snowflake(), name)
        self.extra_members.append(user)
        return user

    async def submit_modal(
        self,
        interaction: Interaction,
        values: dict[str, str | list[str]],
        *,
        user: dict[str, Any] | None = None,
    ) -> Interaction:
        """Fill in and submit the modal the bot answered ``interaction`` with: a text input's
        value or a select's chosen values by custom id (left out: the pre-filled value, or
        the select's default options)."""
        assert interaction.modal is not None, "the bot did not answer with a modal"
        rows = []
        for row in interaction.modal["components"]:
            if row["type"] == 18:  # a Label holding one input
                rows.append({"type": 18, "component": _filled(row["component"], values)})
            else:
                rows.append(
                    {"type": 1, "components": [_filled(c, values) for c in row["components"]]}
                )
        data = {"custom_id": interaction.modal["custom_id"], "components": rows}
        submit = self.world.begin_interaction(
            5, user or interaction.user, interaction.channel_id, message_id=interaction.message_id
        )
        message = self.world.messages.get(interaction.message_id or "")
        await self._interact(submit, data, permissions=p.MEMBER_PERMISSIONS, message=message)
        return submit

    async def _interact(
        self,
        interaction: Interaction,
        data: dict[str, Any],
        *,
        permissions: int,
        roles: list[str] | None = None,
        message: dict[str, Any] | None = None,
        locale: str = "en-US",
    ) -> None:
        member = p.member(interaction.user, roles=roles)
        member["permissions"] = str(permissions)
        payload = {
            "id": interaction.id,
            "application_id": self.app_id,
            "type": interaction.kind,
            "data": data,
            "guild_id": self.world.guild_of(interaction.channel_id),
            "channel_id": interaction.channel_id,
            "channel": self.world.channel(interaction.channel_id),
            "member": member,
            "token": interaction.token,
            "version": 1,
            "app_permissions": str(p.ALL_PERMISSIONS),
            "locale": locale,
            "guild_locale": self.world.guild_locale(self.world.guild_of(interaction.channel_id)),
            "entitlements": [],
            "authorizing_integration_owners": {"0": self.world.guild_of(interaction.channel_id)},
            "context": 0,
            "attachment_size_limit": self.attachment_size_limit,
        }
        if message is not None:
            payload["message"] = message
        await self.dispatch("INTERACTION_CREATE", payload)

    # --- looking -------------------------------------------------------------------------

    async def autocomplete(
        self,
        name: str,
        options: dict[str, Any],
        focused: str,
        *,
        group: str | None = None,
        user: dict[str, Any] | None = None,
        permissions: int = p.MEMBER_PERMISSIONS,
    ) -> list[dict[str, Any]]:
        """Type into the ``focused`` option: Discord asks the bot for choices (interaction type
        4); the choices it answered with."""
        opts = [{"name": key, "type": 3, "value": value, **({"focused": True} if key == focused
                 else {})} for key, value in options.items()]  # fmt: skip
        if group:
            opts = [{"name": group, "type": 1, "options": opts}]
        data = {"id": p.snowflake(), "name": name, "type": 1, "options": opts}
        interaction = self.world.begin_interaction(4, user or self.member, self.channel_ids[0])
        await self._interact(interaction, data, permissions=permissions)
        await self.wait_for(lambda: interaction.choices is not None)
        return list(interaction.choices or [])

    def member_ref(self, user: dict[str, Any], roles: list[str] | None = None) -> Ref:
        return Ref("member", {**p.member(user, roles=roles), "id": user["id"]})

    def role_ref(self, role: dict[str, Any]) -> Ref:
        return Ref("role", role)

    def channel_ref(self, index: int) -> Ref:
        channel = self.world.channel(self.channel_ids[index])
        return Ref("channel", {**channel, "permissions": str(p.ALL_PERMISSIONS)})

    def calls_to(self, route_prefix: str) -> list[Call]:
        return [c for c in self.calls if c.route.startswith(route_prefix)]

    def original(self, interaction: Interaction) -> dict[str, Any] | None:
        return self.messages.get(interaction.original_id or "")

    def followups(self, interaction: Interaction) -> list[dict[str, Any]]:
        return [self.messages[m] for m in interaction.followups if m in self.messages]

    # --- CDN -----------------------------------------------------------------------------

    async def _cdn(self, request: web.Request) -> web.Response:
        upload = self.world.files.get(request.match_info["id"])
        if upload is None:
            raise web.HTTPNotFound
        return web.Response(body=upload.data, content_type=upload.content_type or None)


_REF_TYPES = {"member": 6, "role": 8, "channel": 7}


def _resolve(resolved: dict[str, Any], ref: Ref) -> None:
    item_id = ref.data["id"]
    if ref.kind == "member":
        member = {k: v for k, v in ref.data.items() if k not in {"user", "id"}}
        resolved.setdefault("members", {})[item_id] = member
        resolved.setdefault("users", {})[item_id] = ref.data["user"]
    else:
        resolved.setdefault(f"{ref.kind}s", {})[item_id] = ref.data


def _option_type(value: Any) -> int:
    if isinstance(value, bool):
        return 5
    if isinstance(value, int):
        return 4
    return 3


def _filled(component: dict[str, Any], values: dict[str, str | list[str]]) -> dict[str, Any]:
    """A modal component as Discord sends it back: a text input's value, a select's values."""
    custom_id = component["custom_id"]
    if component["type"] == 3:  # a select menu
        chosen = values.get(custom_id)
        if chosen is None:
            chosen = [o["value"] for o in component.get("options", []) if o.get("default")]
        return {"type": 3, "custom_id": custom_id, "values": list(chosen)}
    value = values.get(custom_id, component.get("value") or "")
    return {"type": 4, "custom_id": custom_id, "value": value}


def _button(message: dict[str, Any], label: str) -> dict[str, Any]:
    return _component(
        message, lambda c: c.get("type") == 2 and str(c.get("label", "")).endswith(label)
    )


def _component(message: dict[str, Any], wanted: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    for row in message.get("components") or []:
        for component in row.get("components") or []:
            if wanted(component):
                return dict(component)
    raise AssertionError(f"no such component on message {message['id']}")
