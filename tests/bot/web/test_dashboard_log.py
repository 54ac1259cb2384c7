"""The moderators' log channel on the dashboard over HTTP: chosen by name from the server's
text channels (Discord's stand-in answers for them), turned off, refused where the bot can't
post (its permissions there worked out from Discord's answers) or where the channel is another
server's, shown stopped with why; a forged form and a member without Manage Server change
nothing."""

from __future__ import annotations

import html
from typing import Any

from bot.store.moderation import ModerationRepository
from bot.store.modlog import ModLogRepository
from tests.bot.web.conftest import Site, log_in
from tests.bot.web.test_dashboard import dashboard, post
from tests.standin.discord import payloads as p


def deny(target: dict[str, Any], bits: int, kind: int) -> dict[str, Any]:
    """A channel's overwrite denying ``bits`` to a role (kind 0) or a member (kind 1)."""
    return {"id": target["id"], "type": kind, "allow": "0", "deny": str(bits)}


async def logged_channel(site: Site) -> int | None:
    found = await ModLogRepository(site.database).channel(site.guild)
    return None if found is None else found.channel_id


async def test_a_moderator_picks_the_channel_by_name_and_turns_it_off(site: Site) -> None:
    mo = site.moderator()
    channel = site.discord.channel_ids[1]
    async with site.client() as client:
        await log_in(site, client)
        _, page = await dashboard(site, client)
        assert f'<option value="{channel}">#songs-1</option>' in page
        assert "Off: the bot tells moderators nothing unasked" in page

        calls = len(site.discord.world.calls)
        status, page = await post(site, client, "log_channel", {"channel": channel})
        assert status == 200
        asked = sorted(c.route for c in site.discord.world.calls[calls:])
        assert asked == [  # the server and its roles read once, for the check and the channel
            "GET /guilds/{guild}", "GET /guilds/{guild}/channels",
            "GET /guilds/{guild}/members/{user}", "GET /guilds/{guild}/members/{user}",
            "GET /users/@me",
        ]  # fmt: skip
        assert "The moderators&#39; log is now #songs-1: settings changes" in page
        assert "Told in <strong>#songs-1</strong>" in page
        assert f'<option value="{channel}" selected>#songs-1</option>' in page
        assert await logged_channel(site) == int(channel)

        _, page = await post(site, client, "log_off", {})
        assert "The moderators&#39; log is off." in page
        assert await logged_channel(site) is None
    changes = await ModerationRepository(site.database).recent_changes(site.guild, 2)
    assert [(c.user_id, c.change) for c in changes] == [
        (int(mo["id"]), "log channel off (via web)"),
        (int(mo["id"]), f"log channel set to {channel} (via web)"),
    ]


async def test_refused_where_the_bot_cannot_post(site: Site) -> None:
    site.moderator()
    world = site.discord.world
    hidden, muted = site.discord.channel_ids[0], site.discord.channel_ids[1]
    everyone = {"id": str(site.guild)}
    world.overwrites[hidden] = [deny(everyone, p.VIEW_CHANNEL, 0)]
    world.overwrites[muted] = [deny(everyone, p.SEND_MESSAGES, 0)]
    async with site.client() as client:
        await log_in(site, client)
        _, page = await post(site, client, "log_channel", {"channel": hidden})
        said = "I can't post in #songs-0: give me View Channel and Send Messages there, then try"
        assert said in html.unescape(page)
        _, page = await post(site, client, "log_channel", {"channel": muted})
        assert "I can't post in #songs-1: give me Send Messages there" in html.unescape(page)
        assert await logged_channel(site) is None

        # the bot given a role whose overwrite lets it post: Discord's answers are read anew
        dj = world.dj_role
        world.member_roles[world.bot_user["id"]] = [dj["id"]]
        world.overwrites[muted].append(dict(deny(dj, 0, 0), allow=str(p.SEND_MESSAGES)))
        _, page = await post(site, client, "log_channel", {"channel": muted})
        assert "The moderators&#39; log is now #songs-1" in page
        # the bot's own overwrite comes last, over its roles'
        world.overwrites[muted].append(deny(world.bot_user, p.SEND_MESSAGES, 1))
        _, page = await post(site, client, "log_channel", {"channel": muted})
        assert "I can&#39;t post in #songs-1" in page
    assert await logged_channel(site) == int(muted)


async def test_another_servers_channel_is_refused(site: Site) -> None:
    site.moderator()
    elsewhere = site.discord.world.guild_channels[str(site.other_guild)][0]
    async with site.client() as client:
        await log_in(site, client)
        _, page = await post(site, client, "log_channel", {"channel": elsewhere})
        assert "That is not one of this server&#39;s text channels" in page
        _, page = await post(site, client, "log_channel", {"channel": ""})
        assert "Channel: choose or write a value." in page
    assert await logged_channel(site) is None


async def test_a_stopped_log_says_why(site: Site) -> None:
    site.moderator()
    channel = int(site.discord.channel_ids[1])
    logs = ModLogRepository(site.database)
    await logs.choose(site.guild, channel, by=1, change="log channel set")
    await logs.stopped(site.guild, channel, f"the channel {channel} is gone")
    async with site.client() as client:
        await log_in(site, client)
        _, page = await dashboard(site, client)
    assert f"<strong>Stopped</strong> in #songs-1: the channel {channel} is gone." in page


async def test_forged_or_not_a_moderators_form_changes_nothing(site: Site) -> None:
    channel = site.discord.channel_ids[1]
    async with site.client() as client:
        await log_in(site, client)  # a member without Manage Server
        status, page = await post(site, client, "log_channel", {"channel": channel})
        assert status == 404
        assert "songs-1" not in page
        site.moderator()
        await log_in(site, client)
        url = f"{site.url}/servers/{site.guild}/dashboard/log_channel"
        async with client.post(url, data={"channel": channel, "csrf": "forged"}) as answer:
            assert answer.status == 403
    assert await logged_channel(site) is None
