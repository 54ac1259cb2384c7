"""The stand-in's server routes the bot reads with its own token: a server (its owner and
roles), one of its members (their roles, the bot's own too) and its channels (with their
permission overwrites), as Discord answers ``GET /guilds/{guild}``,
``GET /guilds/{guild}/members/{user}`` and ``GET /guilds/{guild}/channels``; an unknown
member is Discord's 404 (code 10007)."""

from __future__ import annotations

import functools
import operator

from aiohttp import web

from tests.standin.discord import payloads as p
from tests.standin.discord.answers import error, json_answer
from tests.standin.discord.state import World

UNKNOWN_MEMBER = 10007
UNKNOWN_GUILD = 10004
_GATEWAY_ONLY = ("channels", "threads", "members", "member_count", "presences", "voice_states")
# What a server's REST answer has beyond GUILD_CREATE's fields (Discord's defaults)
_REST_ONLY = {
    "home_header": None, "application_id": None, "region": "deprecated",
    "system_channel_id": None, "system_channel_flags": 0, "widget_enabled": False,
    "widget_channel_id": None, "max_presences": None, "max_members": 500000,
    "max_stage_video_channel_users": 50, "max_video_channel_users": 25, "vanity_url_code": None,
    "rules_channel_id": None, "safety_alerts_channel_id": None, "public_updates_channel_id": None,
    "nsfw": False, "incidents_data": None,
}  # fmt: skip
_COLORS = {"primary_color": 0, "secondary_color": None, "tertiary_color": None}
_MEMBER_REST = {"banner": None, "communication_disabled_until": None, "premium_since": None}


def permissions(world: World, guild_id: str, user_id: str) -> int:
    """A member's permissions on a server, as Discord works them out: the owner has all;
    others, @everyone's and their roles' together."""
    if user_id == world.owner["id"]:
        return p.ALL_PERMISSIONS
    mine = {guild_id, *world.member_roles.get(user_id, [])}
    return functools.reduce(
        operator.or_, (int(r["permissions"]) for r in world.roles(guild_id) if r["id"] in mine)
    )


class GuildRoutes:
    """Set up by :class:`~tests.standin.discord.rest.Rest`, which lists the routes."""

    world: World

    async def _guild(self, request: web.Request) -> web.Response:
        guild_id = request.match_info["guild"]
        found = next((g for g in self.world.guilds() if g["id"] == guild_id), None)
        if found is None:
            return error(404, UNKNOWN_GUILD, "Unknown Guild")
        answer = {k: v for k, v in found.items() if k not in _GATEWAY_ONLY} | _REST_ONLY
        answer["roles"] = [role | {"colors": _COLORS} for role in answer["roles"]]
        return json_answer(answer)

    async def _member(self, request: web.Request) -> web.Response:
        guild_id, user_id = request.match_info["guild"], request.match_info["user"]
        world = self.world
        everyone = (world.owner, world.member, world.bot_user, *world.extra_members)
        users = {u["id"]: u for u in everyone}
        if guild_id not in self.world.guild_channels or user_id not in users:
            return error(404, UNKNOWN_MEMBER, "Unknown Member")
        member = p.member(users[user_id], roles=world.member_roles.get(user_id))
        return json_answer(member | _MEMBER_REST)

    async def _channels(self, request: web.Request) -> web.Response:
        world = self.world
        channel_ids = world.guild_channels.get(request.match_info["guild"])
        if channel_ids is None:
            return error(404, UNKNOWN_GUILD, "Unknown Guild")
        voice = world.voice_channels.get(request.match_info["guild"], [])
        return json_answer([world.channel(cid) for cid in channel_ids] + voice)
