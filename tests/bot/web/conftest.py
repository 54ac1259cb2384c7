"""The gallery over real HTTP: its own SQLite database, Discord's stand-in for the login, and
a client with a cookie jar that logs in as Discord's authorize page lets a member do."""

from __future__ import annotations

import socket
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import aiohttp
import pytest
from aiohttp import web

from bot.features.gallery import Gallery
from bot.soundverse.media import MediaPolicy
from bot.store import Database, open_database
from bot.store.bot_guilds import ALL_SHARDS, BotGuildRepository
from bot.store.gallery import GalleryRepository
from bot.web.app import build_app
from bot.web.config import WebConfig, session_key
from bot.web.dashboard_data import Desk, LiveQueue
from bot.web.discord_login import DiscordLogin
from bot.web.moderators import ModeratorCheck
from bot.web.security import LoginLimiter
from tests.standin.discord.server import DiscordStandIn

SECRET = "a-session-secret-of-thirty-two-characters-at-least"
MEDIA = "https://storage.soundverse.ai"


@dataclass
class Site:
    url: str
    discord: DiscordStandIn
    database: Database
    config: WebConfig
    limiter: LoginLimiter
    guild: int
    other_guild: int
    ids: dict[str, int] = field(default_factory=dict)
    now: list[float] = field(default_factory=lambda: [1000.0])  # the moderator check's clock
    queue: LiveQueue = field(default_factory=LiveQueue)  # the dashboard's reach into a bot

    def moderator(self, name: str = "Mo") -> dict[str, Any]:
        """A member whose role manages the server, who logs in next."""
        world = self.discord.world
        user = self.discord.new_member(name)
        world.member_roles[user["id"]] = [world.moderator_role["id"]]
        self.discord.oauth.user = user
        return user

    def client(self) -> aiohttp.ClientSession:
        # unsafe: the jar keeps cookies for an address like 127.0.0.1
        return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))

    async def song(self, guild_id: int, job_id: str, **values: Any) -> int:
        """A finished song in the database, as the bot records one."""
        row: dict[str, Any] = {
            "guild_id": guild_id, "channel_id": 1, "user_id": int(self.discord.member["id"]),
            "job_id": job_id, "status": "completed", "song_name": f"Song {job_id}",
            "prompt": "a calm song", "requester": "member", "lyrics_source": "generated",
            "audio_url_v1": f"{MEDIA}/{job_id}-1.mp3", "audio_url_v2": f"{MEDIA}/{job_id}-2.mp3",
            "duration_v1": 95.0, "created_at": time.time(), "updated_at": time.time(),
        }  # fmt: skip
        row.update(values)
        names = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        async with self.database.transaction() as db:
            found = await db.fetch(
                f"INSERT INTO generations ({names}) VALUES ({marks}) RETURNING id",  # noqa: S608
                tuple(row.values()),
            )
        self.ids[job_id] = int(found[0][0])
        return self.ids[job_id]

    async def visibility(self, guild_id: int, value: str) -> None:
        await self.database.write(
            "INSERT INTO guild_settings (guild_id, gallery) VALUES (?, ?) ON CONFLICT (guild_id)"
            " DO UPDATE SET gallery = excluded.gallery",
            (guild_id, value),
        )


async def log_in(site: Site, client: aiohttp.ClientSession, next_path: str = "/") -> str:
    """Log in as Discord's stand-in's consenting member; the page it ends on."""
    return await log_in_at(site.url, client, next_path)


async def log_in_at(url: str, client: aiohttp.ClientSession, next_path: str = "/") -> str:
    """:func:`log_in` to the site at ``url`` (Discord's authorize page is the stand-in's)."""
    async with client.get(
        f"{url}/login", params={"next": next_path}, allow_redirects=False
    ) as started:
        assert started.status == 302, await started.text()
        authorize = started.headers["Location"]
    form = dict(parse_qsl(urlsplit(authorize).query)) | {"choice": "authorize"}
    async with client.post(authorize.split("?")[0], data=form, allow_redirects=False) as consented:
        callback = consented.headers["Location"]
    async with client.get(callback, allow_redirects=False) as back:
        assert back.status == 302, await back.text()
        return back.headers["Location"]


def free_socket() -> socket.socket:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    return sock


@pytest.fixture
async def site(tmp_path: Path) -> AsyncIterator[Site]:
    discord = DiscordStandIn(guilds=2)
    await discord.start()
    database = await open_database(tmp_path / "songbot.db")
    sock = free_socket()
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    config = WebConfig(
        public_url=url, client_secret=discord.oauth.client_secret,
        session_key=session_key(SECRET), api_url=discord.api_url, bot_token=discord.token,
        media=MediaPolicy.for_api("https://api.soundverse.ai"),
    )  # fmt: skip
    limiter = LoginLimiter()
    async with aiohttp.ClientSession() as http:
        login = DiscordLogin(config, http)
        await login.start()
        gallery = Gallery(GalleryRepository(database), config.media)
        guilds = list(discord.world.guild_channels)
        site = Site(url, discord, database, config, limiter, int(guilds[0]), int(guilds[1]))
        check = ModeratorCheck(http, config.api_url, config.bot_token, clock=lambda: site.now[0])
        moderators = (Desk.of(database, site.queue), check)
        app = build_app(config, gallery, login, database, limiter, moderators=moderators)
        runner = web.AppRunner(app)
        await runner.setup()
        await web.SockSite(runner, sock).start()
        await BotGuildRepository(database).ready(ALL_SHARDS, [int(g) for g in guilds])
        yield site
        await runner.cleanup()
    await database.close()
    await discord.close()
