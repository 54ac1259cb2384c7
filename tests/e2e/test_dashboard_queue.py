"""The dashboard served in the bot's own process (``WEB_PORT``) reaches its queue: a moderator
pauses the server's queue from the page, a member's song waits, the moderator cancels it from
the page (its message says so, its slot is given back), and resumes; every step in the
settings log "via web"."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import pytest

from bot.store import open_database
from bot.store.moderation import ModerationRepository
from bot.web.dashboard_data import LiveQueue
from bot.web.server import web_gallery
from tests.bot.web.conftest import log_in_at
from tests.bot.web.test_dashboard import csrf_of
from tests.e2e.helpers import Harness, web_settings
from tests.e2e.test_gallery_browser import _free_port


@dataclass
class Page:
    url: str  # the server's dashboard
    client: aiohttp.ClientSession

    async def text(self) -> str:
        async with self.client.get(self.url) as answer:
            assert answer.status == 200
            return await answer.text()

    async def send(self, form: str, **values: str) -> str:
        token = csrf_of(await self.text())
        async with self.client.post(f"{self.url}/{form}", data=values | {"csrf": token}) as done:
            assert done.status == 200
            return await done.text()


@pytest.fixture
async def dashboard(harness: Harness) -> AsyncIterator[Page]:
    h = harness
    world = h.discord.world
    moderator = h.discord.new_member("Mo")
    world.member_roles[moderator["id"]] = [world.moderator_role["id"]]
    h.discord.oauth.user = moderator
    port = _free_port()
    settings, url = web_settings(h, port)
    queue = LiveQueue()
    queue.attach(h.bot.queue_admin, h.bot.holds_guild)  # as `songbot run` with WEB_PORT does
    async with (
        web_gallery(settings, "127.0.0.1", port, queue),
        aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as client,
    ):
        await log_in_at(url, client)
        yield Page(f"{url}/servers/{h.discord.guild_id}/dashboard", client)


async def test_pause_cancel_and_resume_from_the_page(harness: Harness, dashboard: Page) -> None:
    h, guild = harness, int(harness.discord.guild_id)
    said = await dashboard.send("pause", paused="pause")
    assert "paused" in said
    assert h.bot.queue_admin.server_line(guild, 0).held  # the bot's queue, at once
    waiting = await h.discord.slash("song", {"prompt": "later"})
    await h.discord.wait_for(
        lambda: "paused this server" in json.dumps(h.discord.original(waiting) or {})
    )
    page = await dashboard.text()
    assert "member: later" in page
    song_id = re.findall(r'name="song" value="(\d+)"', page)[0]
    said = await dashboard.send("cancel", song=song_id)
    assert "slot is given back" in said
    await h.discord.wait_for(
        lambda: "A moderator (Mo) cancelled" in json.dumps(h.discord.original(waiting))
    )
    assert "No song is waiting" in await dashboard.text()
    await dashboard.send("pause", paused="resume")
    assert not h.bot.queue_admin.server_line(guild, 0).held
    database = await open_database(h.bot.settings.database_url)
    changes = await ModerationRepository(database).recent_changes(guild, 5)
    await database.close()
    assert [c.change for c in changes[:3]] == [
        "this server's queue moves again (via web)", f"song {song_id} cancelled (via web)",
        "this server's queue is paused (via web)",
    ]  # fmt: skip
