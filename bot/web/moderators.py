"""Whether a logged-in member manages a server *now*, for the moderators' dashboard.

The login's list of servers says what Discord reported then (it lasts the session's 12
hours); a moderator demoted since must lose the dashboard within a minute. The source asked
again is the bot's own view of the member, read with the bot's token: the server (its owner
and its roles' permissions) and the member (their roles), as Discord holds them now. It is
trustworthy (Discord's answer to the bot, never what a browser sends; no member's OAuth2
token kept to ask with), cheap (two reads, kept for a minute, the second on every write) and
needs no gateway connection or privileged intent (``songbot web`` has neither). Discord out
of reach answers "unknown", and unknown is never "yes".
"""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Callable
from typing import Any

import aiohttp

from bot.features.gallery import Seat
from bot.features.gallery.access import ADMINISTRATOR
from bot.web.discord_buckets import Buckets

log = logging.getLogger(__name__)
FRESH_FOR = 60.0  # seconds a member's standing is trusted before Discord is asked again
TIMEOUT = aiohttp.ClientTimeout(total=10)
MAX_KEPT = 10_000  # standings kept; older ones are dropped beyond it


class Standing(enum.Enum):
    MANAGES = "manages"  # Manage Server or Administrator there, or owns it
    MEMBER = "member"  # a member without them, or not a member at all
    UNKNOWN = "unknown"  # Discord did not answer: nothing is allowed meanwhile


def permissions(guild: dict[str, Any], member: dict[str, Any], user_id: int) -> Seat:
    """The member's base permissions on the server, as Discord works them out: its owner
    has all; others have @everyone's (the role whose id is the server's) and their roles'."""
    if str(guild.get("owner_id")) == str(user_id):
        return Seat("", ADMINISTRATOR)
    theirs = {str(guild["id"]), *(str(role) for role in member.get("roles", []))}
    bits = 0
    for role in guild.get("roles", []):
        if str(role.get("id")) in theirs:
            bits |= int(role.get("permissions") or 0)
    return Seat("", bits)


class ModeratorCheck:
    def __init__(
        self,
        http: aiohttp.ClientSession,
        api_url: str,
        bot_token: str,
        *,
        clock: Callable[[], float] = time.monotonic,
        fresh_for: float = FRESH_FOR,
    ) -> None:
        self._http = http
        self._api = api_url
        self._headers = {"Authorization": f"Bot {bot_token}"}
        self._clock = clock
        self._fresh_for = fresh_for
        self._known: dict[tuple[int, int], tuple[Standing, float]] = {}
        self._roles: dict[int, dict[int, str]] = {}  # a server's roles by id, from its last read
        self._guilds: dict[int, dict[str, Any]] = {}  # the server as its last read found it
        self._buckets = Buckets()  # Discord's rate limits, on the real clock

    def roles(self, guild_id: int) -> dict[int, str]:
        """The server's roles (but @everyone) as its last read found them, highest first."""
        return self._roles.get(guild_id, {})

    def guild(self, guild_id: int) -> dict[str, Any] | None:
        """The server (its owner, its roles and their permissions) as its last read found it:
        just now, after a ``fresh`` :meth:`standing`."""
        return self._guilds.get(guild_id)

    async def standing(self, guild_id: int, user_id: int, *, fresh: bool = False) -> Standing:
        """The member's standing on the server: asked of Discord unless known for less than a
        minute (``fresh``: asked now, as before every change)."""
        now = self._clock()
        known = self._known.get((guild_id, user_id))
        if known is not None and not fresh and now - known[1] < self._fresh_for:
            return known[0]
        found = await self._ask(guild_id, user_id)
        if found is not Standing.UNKNOWN:
            if len(self._known) >= MAX_KEPT:
                self._known = {k: v for k, v in self._known.items() if now - v[1] < self._fresh_for}
            self._known[(guild_id, user_id)] = (found, now)
        else:
            self._known.pop((guild_id, user_id), None)
        return found

    async def _ask(self, guild_id: int, user_id: int) -> Standing:
        guild = await self.get(f"/guilds/{guild_id}", f"guild {guild_id}")
        if not isinstance(guild, dict):
            return Standing.MEMBER if guild is None else Standing.UNKNOWN
        self._guilds[guild_id] = guild
        member = await self.get(f"/guilds/{guild_id}/members/{user_id}", f"member {guild_id}")
        if not isinstance(member, dict):
            return Standing.MEMBER if member is None else Standing.UNKNOWN
        ranked = sorted(guild.get("roles", []), key=lambda r: -int(r.get("position") or 0))
        self._roles[guild_id] = {
            int(r["id"]): str(r.get("name", ""))[:100]
            for r in ranked
            if str(r["id"]) != str(guild_id)
        }
        seat = permissions(guild, member, user_id)
        return Standing.MANAGES if seat.moderates else Standing.MEMBER

    async def get(self, path: str, bucket: str) -> Any:
        """Discord's answer (a JSON object or list); None where it says there is no such
        server or member (404, or 403: the bot is not in it), False where it did not answer
        (or would not soon: its ``bucket``, the route and server, is empty for a while)."""
        async with self._buckets.lock(bucket):
            if not await self._buckets.turn(bucket):
                log.warning("Discord's bucket for %s is empty for a while", path)
                return False
            return await self._read(path, bucket)

    async def _read(self, path: str, bucket: str) -> Any:
        try:
            async with self._http.get(
                self._api + path, headers=self._headers, timeout=TIMEOUT
            ) as response:
                self._buckets.heard(bucket, response.status, response.headers)
                if response.status in (403, 404):
                    return None
                body = await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            log.warning("could not ask Discord for %s: %s", path, type(exc).__name__)
            return False
        if response.status != 200 or not isinstance(body, dict | list):
            log.warning("Discord answered %s to %s", response.status, path)
            return False
        return body
