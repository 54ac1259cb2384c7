"""Acting as the guild's members, as Discord tells the bot of them: slash commands (with
options, attachments, mentions), button clicks, select menus, modal submits and autocomplete,
each an INTERACTION_CREATE built the way Discord builds it. Mixed into
:class:`~tests.standin.discord.server.DiscordStandIn`, which holds the guild and the gateway.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from tests.standin.discord import payloads as p
from tests.standin.discord.records import Interaction
from tests.standin.discord.state import World


class _StandIn(Protocol):
    """What acting as members needs of the stand-in."""

    world: World
    base: str
    app_id: str
    channel_ids: list[str]
    owner: dict[str, Any]
    member: dict[str, Any]
    extra_members: list[dict[str, Any]]
    attachment_size_limit: int

    async def dispatch(self, event: str, data: dict[str, Any]) -> None: ...

    async def wait_for(self, predicate: Callable[[], Any], limit: float = 20.0) -> Any: ...


@dataclass(frozen=True)
class Ref:
    """An option value that is a Discord object: sent as an id plus ``resolved`` data."""

    kind: str  # "member", "role" or "channel"
    data: dict[str, Any]


class Members:
    """A member's acts, for the tests to make."""

    async def slash(
        self: _StandIn,
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
        await _interact(
            self, interaction, data, permissions=permissions, roles=roles, locale=locale
        )
        return interaction

    async def click(
        self: _StandIn,
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
        await _interact(self,
            interaction, data, permissions=permissions, roles=roles, message=current,
            locale=locale,
        )  # fmt: skip
        return interaction

    async def choose(
        self: _StandIn,
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
        await _interact(self, interaction, data, permissions=permissions, message=current)
        return interaction

    def new_member(self: _StandIn, name: str, *, joined_at: str | None = None) -> dict[str, Any]:
        """Another member of the guild (sent to the bot as GUILD_MEMBER_ADD is not needed:
        interactions carry their member), who joined at ``joined_at`` (ISO; default: now)."""
        user = p.user(p.snowflake(), name)
        self.extra_members.append(user)
        if joined_at is not None:
            self.world.joined_at[user["id"]] = joined_at
        return user

    async def submit_modal(
        self: _StandIn,
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
            5, user or interaction.user, interaction.channel_id,
            message_id=interaction.message_id, trigger=interaction,
        )  # fmt: skip
        message = self.world.messages.get(interaction.message_id or "")
        await _interact(self, submit, data, permissions=p.MEMBER_PERMISSIONS, message=message)
        return submit

    async def autocomplete(
        self: _StandIn,
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
        await _interact(self, interaction, data, permissions=permissions)
        await self.wait_for(lambda: interaction.choices is not None)
        return list(interaction.choices or [])

    def member_ref(self: _StandIn, user: dict[str, Any], roles: list[str] | None = None) -> Ref:
        return Ref("member", {**p.member(user, roles=roles), "id": user["id"]})

    def role_ref(self: _StandIn, role: dict[str, Any]) -> Ref:
        return Ref("role", role)

    def channel_ref(self: _StandIn, index: int) -> Ref:
        channel = self.world.channel(self.channel_ids[index])
        return Ref("channel", {**channel, "permissions": str(p.ALL_PERMISSIONS)})


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


async def _interact(
    standin: _StandIn,
    interaction: Interaction,
    data: dict[str, Any],
    *,
    permissions: int,
    roles: list[str] | None = None,
    message: dict[str, Any] | None = None,
    locale: str = "en-US",
) -> None:
    joined_at = standin.world.joined_at.get(interaction.user["id"])
    member = p.member(interaction.user, roles=roles, joined_at=joined_at)
    member["permissions"] = str(permissions)
    payload = {
        "id": interaction.id,
        "application_id": standin.app_id,
        "type": interaction.kind,
        "data": data,
        "guild_id": standin.world.guild_of(interaction.channel_id),
        "channel_id": interaction.channel_id,
        "channel": standin.world.channel(interaction.channel_id),
        "member": member,
        "token": interaction.token,
        "version": 1,
        "app_permissions": str(p.ALL_PERMISSIONS),
        "locale": locale,
        "guild_locale": standin.world.guild_locale(standin.world.guild_of(interaction.channel_id)),
        "entitlements": [],
        "authorizing_integration_owners": {"0": standin.world.guild_of(interaction.channel_id)},
        "context": 0,
        "attachment_size_limit": standin.attachment_size_limit,
    }
    if message is not None:
        payload["message"] = message
    await standin.dispatch("INTERACTION_CREATE", payload)
