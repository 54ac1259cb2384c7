"""The moderators' dashboard in a real browser, beside a running bot: a moderator (a role
with Manage Server) logs in through Discord's stand-in, lowers the daily limit, and the
member's next /song is refused naming it; sets a monthly token budget, sees the spend against
it, and another member's next /song is refused naming the budget; picks the moderators' log
channel, where the bot tells the change; a member without Manage Server sees no dashboard.
Screenshots at desktop and phone widths, light and dark."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from playwright.async_api import Browser, Page, async_playwright

from bot.web.dashboard_data import LiveQueue
from bot.web.server import web_gallery
from tests.e2e.browser import FLAGS, chromium
from tests.e2e.helpers import Harness, admin, reply, song, web_settings
from tests.e2e.test_gallery_browser import DOCS, _free_port, _shoot


async def test_a_moderator_lowers_the_daily_limit(harness: Harness, tmp_path: Path) -> None:
    executable = chromium()
    h = harness
    await admin(h, "limits", member_daily=5)
    await song(h, prompt="a shanty about lighthouses")  # the member's first song today
    world = h.discord.world
    moderator = h.discord.new_member("Mo")
    world.member_roles[moderator["id"]] = [world.moderator_role["id"]]
    port = _free_port()
    settings, url = web_settings(h, port)
    queue = LiveQueue()
    queue.attach(h.bot.queue_admin, h.bot.holds_guild)
    shots = tmp_path / "screenshots"
    async with web_gallery(settings, "127.0.0.1", port, queue), async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=executable, args=FLAGS)
        h.discord.oauth.user = moderator
        page = await browser.new_page(viewport={"width": 1280, "height": 900})
        await page.goto(url + "/")
        await page.get_by_role("link", name="Log in with Discord").first.click()
        await page.get_by_role("button", name="Authorize").click()
        await page.get_by_role("link", name="Dashboard").first.click()
        limit = page.get_by_label("Songs per member per day")
        assert await limit.input_value() == "5"
        await limit.fill("1")
        await page.locator("#limits").get_by_role("button", name="Save").click()
        assert "Limits updated: songs per member per day = 1." in await page.inner_text("main")
        await _more_settings(page, h)
        refused = await reply(h, await h.discord.slash("song", {"prompt": "one more"}))
        assert "You've made your 1 song for today" in refused["content"]
        await _a_monthly_budget(page, h)
        await _the_log_channel(page, h)
        await _shoot(page, shots, "dashboard")
        await _a_member_sees_no_dashboard(h, browser, url)
        await browser.close()
    if os.environ.get("SONGBOT_UPDATE_SCREENSHOTS"):  # the README's pictures, on request only
        DOCS.mkdir(parents=True, exist_ok=True)
        for shot in shots.iterdir():
            shutil.copy(shot, DOCS / shot.name)


async def _more_settings(page: Page, h: Harness) -> None:
    """A role's own limit and a block, as a moderator sets them on the page."""
    await page.get_by_label("Role", exact=True).select_option(label="DJ")  # the server's roles
    await page.get_by_label("Songs a day per member").fill("3")
    await page.locator("#role").get_by_role("button", name="Save").click()
    assert "Members with DJ can now make songs: 3 a day." in await page.inner_text("main")
    assert "DJ: 3 a day" in await page.inner_text("#roles")
    blocked = h.discord.new_member("Spammer")
    await page.get_by_label("Member id").fill(blocked["id"])
    await page.get_by_label("Reason").fill("flooded #general with songs")
    await page.get_by_role("button", name="Block").click()
    assert "can no longer make songs here" in await page.inner_text("main")


async def _a_monthly_budget(page: Page, h: Harness) -> None:
    """The server's monthly token budget set on the page, so that the first song's tokens
    leave less than a song: the page shows the spend against it, and another member's next
    /song is refused naming the budget."""
    [job] = h.simulator.simulator.jobs.values()
    spent = sum(job.plan.tokens)  # the simulator's songs cost 80 tokens or more
    budget = spent * 3 // 2
    await _set_budget(page, "member", "day", 1000)
    await _set_budget(page, "server", "month", budget)
    said = f"The monthly token budget of the server is now {budget:,} tokens."
    assert said in await page.inner_text("main")
    usage = await page.inner_text("#usage")
    gauge = await page.locator("#usage .gauges li").first.inner_text()
    assert gauge.startswith(
        f"Tokens this month\n{spent:,} of {budget:,} · {spent * 100 // budget} %"
    )
    assert "full" in usage  # what is left does not fit a song reckoned at the first's tokens
    assert await page.locator("#usage polyline.running").count() == 1  # the month's chart
    other = h.discord.new_member("Ana")
    refused = await reply(h, await h.discord.slash("song", {"prompt": "a jig"}, user=other))
    assert refused["content"].startswith(
        f"This server's monthly token budget has {budget - spent:,} of {budget:,} tokens left"
    )


async def _the_log_channel(page: Page, h: Harness) -> None:
    """The moderators' log's channel picked by name; the bot tells the change there."""
    form = page.locator("#log_channel")
    await form.get_by_label("Channel").select_option(label="#songs-1")
    await form.get_by_role("button", name="Save").click()
    assert "The moderators' log is now #songs-1" in await page.inner_text("main")
    await h.bot.modlog.look_now()
    told = [m["content"] for m in h.discord.world.in_channel(h.discord.channel_ids[1])]
    assert told[-1].endswith(f"log channel set to <#{h.discord.channel_ids[1]}> (via web)")


async def _set_budget(page: Page, scope: str, period: str, tokens: int) -> None:
    form = page.locator("#budget")
    await form.get_by_label("Scope", exact=True).select_option(scope)
    await form.get_by_label("Period", exact=True).select_option(period)
    await form.get_by_label("Tokens", exact=True).fill(str(tokens))
    await form.get_by_role("button", name="Save").click()


async def _a_member_sees_no_dashboard(h: Harness, browser: Browser, url: str) -> None:
    h.discord.oauth.user = h.discord.member
    context = await browser.new_context()  # a browser of their own: no moderator's cookie
    page = await context.new_page()
    await page.goto(url + "/")
    await page.get_by_role("link", name="Log in with Discord").first.click()
    await page.get_by_role("button", name="Authorize").click()
    assert "Stand-in Server" in await page.inner_text("main")
    assert await page.get_by_role("link", name="Dashboard").count() == 0
    answer = await page.goto(f"{url}/servers/{h.discord.guild_id}/dashboard")
    assert answer is not None
    assert answer.status == 404
    assert "Song limits" not in await page.inner_text("main")
    await context.close()
