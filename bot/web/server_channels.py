"""A server's text channels, and whether the bot may post in one, for the dashboard's log
channel form: what ``/songadmin log`` learns from discord.py's cache, learnt here from Discord
with the bot's token (``songbot web`` has no gateway connection). The server and its roles
come from the moderator check's read (just made, for a change); the channels (with their
overwrites) and the bot's own member are read beside it, through the same buckets.

The bot's permissions in a channel are worked out as Discord documents it (and discord.py's
``GuildChannel.permissions_for`` does): discord.py computes them only from its gateway cache,
not from raw JSON, hence :func:`channel_permissions`."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

import discord

from bot.core.acting import Refusal
from bot.features.gallery.access import ADMINISTRATOR
from bot.features.moderation.log_channel import LOG_NEEDS
from bot.web.moderators import FRESH_FOR, MAX_KEPT, ModeratorCheck, permissions

VIEW_CHANNEL = discord.Permissions(view_channel=True).value
TIMED_OUT_KEEPS = discord.Permissions(view_channel=True, read_message_history=True).value
ALL = discord.Permissions.all().value
TEXT_TYPES = (0, 5)  # a text channel, an announcement one: what /songadmin log takes
UNANSWERED = Refusal(
    "Discord did not answer when asked about this server's channels: try again in a moment."
)
NOT_HERE = Refusal("That is not one of this server's text channels: choose one from the list.")


def _overwrite(bits: int, overwrite: Mapping[str, Any] | None) -> int:
    if overwrite is None:
        return bits
    return (bits & ~int(overwrite.get("deny") or 0)) | int(overwrite.get("allow") or 0)


def channel_permissions(
    guild: Mapping[str, Any],
    member: Mapping[str, Any],
    user_id: int,
    channel: Mapping[str, Any],
    *,
    now: float,
) -> int:
    """A member's permissions in a channel: the server's (owner, @everyone and roles), then
    Administrator's bypass, then the channel's overwrites: @everyone's, the member's roles'
    together (denies before allows), the member's own; a timed-out member keeps only View
    Channel and Read Message History; without View Channel there is nothing."""
    bits = permissions(dict(guild), dict(member), user_id).permissions
    if bits & ADMINISTRATOR:  # the owner's too
        return ALL
    overwrites = {str(o.get("id")): o for o in channel.get("permission_overwrites") or []}
    bits = _overwrite(bits, overwrites.get(str(guild["id"])))
    roles = {str(role) for role in member.get("roles", [])}
    allow = deny = 0
    for overwrite_id, overwrite in overwrites.items():
        if overwrite_id in roles and int(overwrite.get("type", 0)) == 0:
            allow |= int(overwrite.get("allow") or 0)
            deny |= int(overwrite.get("deny") or 0)
    bits = _overwrite(bits, {"allow": allow, "deny": deny})
    mine = overwrites.get(str(user_id))
    if mine is not None and int(mine.get("type", 0)) == 1:
        bits = _overwrite(bits, mine)
    until = member.get("communication_disabled_until")
    if until and datetime.fromisoformat(until).timestamp() > now:
        bits &= TIMED_OUT_KEEPS
    return bits if bits & VIEW_CHANNEL else 0


def missing_to_post(bits: int) -> list[str]:
    """What the moderators' log lacks there, named as ``/songadmin log`` names it."""
    allowed = discord.Permissions(bits)
    return [name for name, flag in LOG_NEEDS if not getattr(allowed, flag)]


class ServerChannels:
    def __init__(
        self, check: ModeratorCheck, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._check = check
        self._clock = clock
        self._bot_id: int | None = None
        self._channels: dict[int, tuple[list[dict[str, Any]], float]] = {}

    async def text_channels(self, guild_id: int) -> dict[int, str]:
        """The server's text channels by id, in Discord's order, read at most a minute ago
        (empty: Discord did not answer)."""
        known = self._channels.get(guild_id)
        if known is None or self._clock() - known[1] >= FRESH_FOR:
            await self._read(guild_id)
        return {int(c["id"]): str(c.get("name", ""))[:100] for c in self._text(guild_id)}

    async def missing(self, guild_id: int, channel_id: int) -> Sequence[str] | Refusal:
        """What the bot lacks to post in the channel, as Discord says now (read afresh: a
        moderator who just gave the permission tries again); call it after a fresh
        standing, whose read of the server it uses."""
        guild = self._check.guild(guild_id)
        if guild is None or not await self._read(guild_id):
            return UNANSWERED
        channel = next((c for c in self._text(guild_id) if int(c["id"]) == channel_id), None)
        if channel is None:
            return NOT_HERE
        if self._bot_id is None:
            me = await self._check.get("/users/@me", "users @me")
            if not isinstance(me, dict):
                return UNANSWERED
            self._bot_id = int(me["id"])
        path = f"/guilds/{guild_id}/members/{self._bot_id}"
        member = await self._check.get(path, f"member {guild_id}")
        if not isinstance(member, dict):
            return UNANSWERED
        bits = channel_permissions(guild, member, self._bot_id, channel, now=time.time())
        return missing_to_post(bits)

    async def _read(self, guild_id: int) -> bool:
        found = await self._check.get(f"/guilds/{guild_id}/channels", f"channels {guild_id}")
        if not isinstance(found, list):
            return False
        if len(self._channels) >= MAX_KEPT:
            self._channels.clear()  # a minute's reads again, at worst
        self._channels[guild_id] = ([c for c in found if isinstance(c, dict)], self._clock())
        return True

    def _text(self, guild_id: int) -> list[dict[str, Any]]:
        found = self._channels.get(guild_id, ([], 0.0))[0]
        return sorted(
            (c for c in found if c.get("type") in TEXT_TYPES),
            key=lambda c: (int(c.get("position") or 0), int(c["id"])),
        )
