"""Discord's buckets as the dashboard's reads meet them: a read waits for an empty bucket to
refill when that is soon, is not sent when it is not, and Discord never has to answer 429,
however many changes a moderator makes in a row."""

from __future__ import annotations

import aiohttp

from bot.web.discord_buckets import MAX_WAIT, Buckets
from bot.web.moderators import ModeratorCheck, Standing
from tests.bot.web.conftest import Site
from tests.standin.discord.ratelimit import Limit


async def test_an_empty_bucket_is_waited_for_only_when_it_refills_soon() -> None:
    now = [100.0]
    buckets = Buckets(clock=lambda: now[0])
    async with buckets.lock("guild 1"):
        assert await buckets.turn("guild 1")  # unknown: room
        buckets.heard("guild 1", 200, {"X-RateLimit-Remaining": "0",
                                       "X-RateLimit-Reset-After": str(MAX_WAIT + 1)})  # fmt: skip
        assert not await buckets.turn("guild 1")  # empty for longer than a click may wait
        now[0] += MAX_WAIT + 1
        assert await buckets.turn("guild 1")  # refilled since
        buckets.heard("guild 1", 429, {"Retry-After": "60"})
        assert not await buckets.turn("guild 1")
        now[0] += 60.0
        assert await buckets.turn("guild 1")
        buckets.heard("guild 1", 200, {"X-RateLimit-Remaining": "many"})  # unreadable: as it was
        assert await buckets.turn("guild 1")


async def test_many_changes_in_a_row_are_never_rate_limited(site: Site) -> None:
    for route in ("GET /guilds/{guild}", "GET /guilds/{guild}/members/{user}"):
        site.discord.limits.routes[route] = Limit(2, 0.2)  # small and quick, for the test
    user = site.moderator()
    async with aiohttp.ClientSession() as http:
        check = ModeratorCheck(http, site.config.api_url, site.config.bot_token)
        for _ in range(6):  # each change asks Discord again
            assert await check.standing(site.guild, int(user["id"]), fresh=True) is Standing.MANAGES
    assert site.discord.rate_limited == []
