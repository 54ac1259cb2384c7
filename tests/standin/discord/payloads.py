"""Discord API object payloads, as the real API shapes them, for the stand-in to send."""

from __future__ import annotations

import copy
import itertools
import time
from datetime import UTC, datetime
from typing import Any

DISCORD_EPOCH_MS = 1420070400000
_counter = itertools.count(1)

# Permission bits the tests use.
MANAGE_GUILD = 1 << 5
MANAGE_MESSAGES = 1 << 13
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_HISTORY = 1 << 16
CONNECT = 1 << 20
SPEAK = 1 << 21
# Discord's defaults for @everyone include Connect and Speak (voice channels work for all)
MEMBER_PERMISSIONS = (
    VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | ATTACH_FILES | READ_HISTORY | CONNECT | SPEAK
)
ALL_PERMISSIONS = (1 << 50) - 1


def snowflake() -> str:
    """A real-looking id: the current time in Discord's epoch, then a counter."""
    ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
    return str((ms << 22) | (next(_counter) & 0x3FFFFF))


def snowflake_on(shard: int, shards: int) -> str:
    """An id whose server Discord puts on ``shard`` of ``shards``: ``(id >> 22) % shards``."""
    ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
    ms += (shard - ms) % shards
    return str((ms << 22) | (next(_counter) & 0x3FFFFF))


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


def user(user_id: str, name: str, *, bot: bool = False) -> dict[str, Any]:
    return {
        "id": user_id,
        "username": name,
        "global_name": name,
        "discriminator": "0",
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
        "flags": 0,
        "primary_guild": None,
    }


def own_user(user_obj: dict[str, Any]) -> dict[str, Any]:
    """The bot's own user, as ``GET /users/@me`` answers: with its account's settings."""
    return {**user_obj, "mfa_enabled": False, "locale": "en-US"}


def member(
    user_obj: dict[str, Any], *, roles: list[str] | None = None, joined_at: str | None = None
) -> dict[str, Any]:
    return {
        "user": user_obj,
        "nick": None,
        "avatar": None,
        "roles": roles or [],
        "joined_at": joined_at or now_iso(),
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": False,
    }


def text_channel(channel_id: str, guild_id: str, name: str, position: int) -> dict[str, Any]:
    return {
        "id": channel_id,
        "type": 0,
        "guild_id": guild_id,
        "name": name,
        "position": position,
        "permission_overwrites": [],
        "nsfw": False,
        "topic": None,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "parent_id": None,
        "flags": 0,
    }


def role(role_id: str, name: str, permissions: int, position: int = 0) -> dict[str, Any]:
    return {
        "id": role_id,
        "name": name,
        "color": 0,
        "hoist": False,
        "icon": None,
        "unicode_emoji": None,
        "position": position,
        "permissions": str(permissions),
        "managed": False,
        "mentionable": False,
        "flags": 0,
    }


def guild(
    *,
    guild_id: str,
    name: str,
    owner_id: str,
    channels: list[dict[str, Any]],
    roles: list[dict[str, Any]],
    members: list[dict[str, Any]],
    preferred_locale: str = "en-US",
) -> dict[str, Any]:
    return {
        "id": guild_id,
        "name": name,
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "banner": None,
        "description": None,
        "owner_id": owner_id,
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "premium_progress_bar_enabled": False,
        "preferred_locale": preferred_locale,
        "features": [],
        "emojis": [],
        "stickers": [],
        "roles": roles,
        "channels": channels,
        "threads": [],
        "members": members,
        "member_count": len(members),
        "presences": [],
        "voice_states": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "system_channel_id": None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "public_updates_channel_id": None,
        "vanity_url_code": None,
        "max_members": 500000,
        "joined_at": now_iso(),
        "large": False,
        "unavailable": False,
        "application_id": None,
    }


def message(
    message_id: str,
    channel_id: str,
    author: dict[str, Any],
    body: dict[str, Any],
    attachments: list[dict[str, Any]],
    *,
    guild_id: str | None = None,
    interaction: dict[str, Any] | None = None,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": message_id,
        "channel_id": channel_id,
        "author": author,
        "content": body.get("content") or "",
        "timestamp": now_iso(),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": attachments,
        "embeds": body.get("embeds") or [],
        "components": components(body.get("components") or []),
        "pinned": False,
        "type": 20 if interaction else 0,
        "flags": body.get("flags") or 0,
    }
    if guild_id:
        data["guild_id"] = guild_id
    if interaction:
        data["interaction_metadata"] = interaction
    return data


def command(sent: dict[str, Any], app_id: str) -> dict[str, Any]:
    """A registered application command, as Discord answers with it: permissions as a string
    of digits, installable to servers unless the bot said otherwise."""
    permissions = sent.get("default_member_permissions")
    return {
        **sent,
        "id": snowflake(),
        "application_id": app_id,
        "version": snowflake(),
        "type": sent.get("type") or 1,
        "default_member_permissions": None if permissions is None else str(permissions),
        "integration_types": sent.get("integration_types") or [0],
    }


def components(sent: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Message components as Discord answers with them: each numbered (``id``, in order, where
    the bot gave none), an emoji without an ``id`` when it is a Unicode one, a select menu's
    ``min_values`` and ``max_values`` filled in."""
    taken = {c["id"] for c in _walk(sent) if c.get("id") is not None}
    free = (n for n in itertools.count(1) if n not in taken)
    shaped = copy.deepcopy(sent)
    for component in _walk(shaped):
        if component.get("id") is None:
            component["id"] = next(free)
        emoji = component.get("emoji")
        if emoji is not None and emoji.get("id") is None:
            emoji.pop("id", None)
        if component["type"] in SELECT_MENUS:
            component.setdefault("min_values", 1)
            component.setdefault("max_values", 1)
    return shaped


SELECT_MENUS = frozenset({3, 5, 6, 7, 8})


def _walk(tree: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every component, depth first (rows before the buttons in them)."""
    found = []
    for component in tree:
        found.append(component)
        found += _walk(component.get("components") or [])
        if "component" in component:  # a Label holds one
            found += _walk([component["component"]])
    return found
