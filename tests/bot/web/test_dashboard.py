"""The moderators' dashboard over HTTP: who gets it (Manage Server as Discord says at login
and as the bot sees it now), who gets nothing, and a moderator demoted on Discord losing it
within a minute (the check's clock moved)."""

from __future__ import annotations

import re

import aiohttp

from bot.store.moderation import ModerationRepository
from tests.bot.web.conftest import Site, log_in

FOREIGN = 4242  # a server nobody here is in


def csrf_of(page: str) -> str:
    found = re.search(r'<meta name="csrf" content="([^"]+)">', page)
    assert found, "no CSRF token on the page"
    return found[1]


async def dashboard(site: Site, client: aiohttp.ClientSession, guild: int = 0) -> tuple[int, str]:
    url = f"{site.url}/servers/{guild or site.guild}/dashboard"
    async with client.get(url, allow_redirects=False) as answer:
        return answer.status, await answer.text()


async def post(
    site: Site, client: aiohttp.ClientSession, form: str, values: dict[str, str]
) -> tuple[int, str]:
    """Send a dashboard form with the page's CSRF token; the status and the page it ends on."""
    async with client.get(f"{site.url}/") as home:
        token = csrf_of(await home.text())
    url = f"{site.url}/servers/{site.guild}/dashboard/{form}"
    async with client.post(url, data=values | {"csrf": token}) as answer:
        return answer.status, await answer.text()


async def test_a_moderator_gets_the_dashboard_and_its_link(site: Site) -> None:
    site.moderator()
    async with site.client() as client:
        await log_in(site, client)
        async with client.get(f"{site.url}/") as home:
            assert f'href="/servers/{site.guild}/dashboard"' in await home.text()
        status, text = await dashboard(site, client)
    assert status == 200
    assert "Dashboard · Stand-in Server" in text
    assert "Songs per day" in text


async def test_the_owner_manages_without_a_role(site: Site) -> None:
    site.discord.oauth.user = site.discord.owner
    async with site.client() as client:
        await log_in(site, client)
        assert (await dashboard(site, client))[0] == 200


async def test_a_member_without_manage_server_gets_nothing(site: Site) -> None:
    async with site.client() as client:
        status, _ = await dashboard(site, client)
        assert status == 302  # a visitor logs in first, for any server alike
        await log_in(site, client)
        async with client.get(f"{site.url}/") as home:
            assert "/dashboard" not in await home.text()
        status, text = await dashboard(site, client)
        assert status == 404
        assert "Song limits" not in text
        status, _ = await post(site, client, "limits", {"member_daily": "1"})
        assert status == 404
    policy = await ModerationRepository(site.database).policy(site.guild)
    assert policy.member_daily is None  # nothing changed


async def test_a_role_given_after_login_is_not_enough(site: Site) -> None:
    """The login's word counts too: promoted since, a member logs in again to get it."""
    async with site.client() as client:
        await log_in(site, client)
        world = site.discord.world
        world.member_roles[site.discord.member["id"]] = [world.moderator_role["id"]]
        assert (await dashboard(site, client))[0] == 404


async def test_another_servers_dashboard_is_nothing(site: Site) -> None:
    site.moderator()
    async with site.client() as client:
        await log_in(site, client)
        assert (await dashboard(site, client, FOREIGN))[0] == 404


async def test_a_demoted_moderator_loses_it_within_a_minute(site: Site) -> None:
    user = site.moderator()
    async with site.client() as client:
        await log_in(site, client)
        assert (await dashboard(site, client))[0] == 200
        site.discord.world.member_roles[user["id"]] = []  # the role taken away on Discord
        site.now[0] += 30
        assert (await dashboard(site, client))[0] == 200  # asked less than a minute ago
        status, _ = await post(site, client, "limits", {"member_daily": "1"})
        assert status == 404  # a change is checked with Discord at once
        site.now[0] += 31
        assert (await dashboard(site, client))[0] == 404
    assert (await ModerationRepository(site.database).policy(site.guild)).member_daily is None


async def test_discord_unreachable_allows_nothing(site: Site) -> None:
    site.moderator()
    async with site.client() as client:
        await log_in(site, client)
        site.discord.rest.failing = 502
        status, text = await dashboard(site, client)
        assert status == 503
        assert "try again in a moment" in text


async def test_every_form_needs_the_csrf_token(site: Site) -> None:
    site.moderator()
    async with site.client() as client:
        await log_in(site, client)
        url = f"{site.url}/servers/{site.guild}/dashboard/limits"
        async with client.post(url, data={"member_daily": "1"}) as answer:
            assert answer.status == 403
        async with client.post(url, data={"member_daily": "1", "csrf": "forged"}) as answer:
            assert answer.status == 403
        status, _ = await post(site, client, "no_such_form", {})
        assert status == 404
    assert (await ModerationRepository(site.database).policy(site.guild)).member_daily is None
