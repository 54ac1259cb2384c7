"""The bot's permissions in a channel worked out from Discord's JSON as Discord documents it
(checked against discord.py's own ``permissions_for`` on the same server, roles and
overwrites), and what the moderators' log lacks there."""

from __future__ import annotations

from typing import Any

import discord
import pytest

from bot.web.server_channels import channel_permissions, missing_to_post

GUILD, BOT, OWNER, ROLE, OTHER_ROLE = 100, 200, 300, 400, 500
VIEW, SEND, HISTORY = 1 << 10, 1 << 11, 1 << 16
EVERYONE_BITS = VIEW | SEND | HISTORY


def guild(everyone: int = EVERYONE_BITS, role: int = 0) -> dict[str, Any]:
    return {
        "id": str(GUILD), "owner_id": str(OWNER),
        "roles": [
            {"id": str(GUILD), "permissions": str(everyone), "position": 0},
            {"id": str(ROLE), "permissions": str(role), "position": 1},
            {"id": str(OTHER_ROLE), "permissions": "0", "position": 2},
        ],
    }  # fmt: skip


def over(target: int, kind: int, allow: int = 0, deny: int = 0) -> dict[str, Any]:
    return {"id": str(target), "type": kind, "allow": str(allow), "deny": str(deny)}


def in_channel(server: dict[str, Any], roles: list[int], *overwrites: dict[str, Any]) -> int:
    member = {"roles": [str(r) for r in roles], "communication_disabled_until": None}
    channel = {"id": "1", "type": 0, "permission_overwrites": list(overwrites)}
    return channel_permissions(server, member, BOT, channel, now=0.0)


S, V = ["Send Messages"], ["View Channel", "Send Messages"]  # what the log lacks
CASES = [
    ("plain", guild(), [], (), []),
    ("everyone denied send", guild(), [], (over(GUILD, 0, deny=SEND),), S),
    ("a role allows back", guild(), [ROLE],
     (over(GUILD, 0, deny=SEND), over(ROLE, 0, allow=SEND)), []),
    ("a role's allow beats another's deny", guild(), [ROLE, OTHER_ROLE],
     (over(ROLE, 0, allow=SEND), over(OTHER_ROLE, 0, deny=SEND)), []),
    ("the member's own deny last", guild(), [ROLE],
     (over(ROLE, 0, allow=SEND), over(BOT, 1, deny=SEND)), S),
    ("a member overwrite with a role's id", guild(), [ROLE], (over(ROLE, 1, deny=SEND),), []),
    ("no view: nothing", guild(), [], (over(GUILD, 0, deny=VIEW),), V),
    ("administrator bypasses", guild(role=1 << 3), [ROLE], (over(BOT, 1, deny=VIEW | SEND),), []),
    ("a role's server permission", guild(everyone=0, role=VIEW | SEND), [ROLE], (), []),
    ("no role, no permission", guild(everyone=0, role=VIEW | SEND), [], (), V),
]  # fmt: skip


@pytest.mark.parametrize(("server", "roles", "overwrites", "lacks"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_as_discord_py_works_them_out(
    server: dict[str, Any],
    roles: list[int],
    overwrites: tuple[dict[str, Any], ...],
    lacks: list[str],
) -> None:
    """The text channel's own bits (discord.py also drops voice ones from a text channel)."""
    mine = in_channel(server, roles, *overwrites) & EVERYONE_BITS
    assert mine == _discord_py(server, roles, overwrites) & EVERYONE_BITS
    assert missing_to_post(mine) == lacks


def _discord_py(server: dict[str, Any], roles: list[int], overwrites: Any) -> int:
    """discord.py's answer for the same server and channel, built from the same JSON (as
    payloads of Any: discord.py's TypedDicts want fields these permissions do not read)."""
    no_http: Any = None
    state = discord.state.ConnectionState(
        dispatch=lambda *_: None, handlers={}, hooks={}, http=no_http, syncer=None
    )
    data: Any = dict(server, name="s", channels=[], members=[], features=[], emojis=[])
    data["roles"] = [dict(r, name="r", color=0, hoist=False, managed=False, mentionable=False)
                     for r in server["roles"]]  # fmt: skip
    built = discord.Guild(data=data, state=state)
    user = {"id": str(BOT), "username": "bot", "discriminator": "0", "avatar": None}
    member: Any = {"user": user, "roles": [str(r) for r in roles], "joined_at": None, "flags": 0}
    channel: Any = {
        "id": "1", "type": 0, "name": "c", "position": 0, "guild_id": str(GUILD),
        "permission_overwrites": list(overwrites), "nsfw": False, "parent_id": None,
    }  # fmt: skip
    text = discord.TextChannel(state=state, guild=built, data=channel)
    return text.permissions_for(discord.Member(data=member, guild=built, state=state)).value


def test_a_timed_out_bot_only_views() -> None:
    member = {"roles": [], "communication_disabled_until": "2030-01-01T00:00:00+00:00"}
    channel = {"id": "1", "type": 0, "permission_overwrites": []}
    bits = channel_permissions(guild(), member, BOT, channel, now=0.0)
    assert bits == VIEW | HISTORY
    assert missing_to_post(bits) == ["Send Messages"]
    later = channel_permissions(guild(), member, BOT, channel, now=2e9)
    assert missing_to_post(later) == []


def test_what_the_log_lacks() -> None:
    assert missing_to_post(0) == ["View Channel", "Send Messages"]
    assert missing_to_post(VIEW) == ["Send Messages"]
    assert missing_to_post(VIEW | SEND) == []
