"""``songbot run`` with ``WEB_PORT``: the gallery and the dashboard serve beside the bot, and
the dashboard reaches the bot's queue once the bot is assembled (pause and cancel there)."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import aiohttp

from bot.cli.web import with_gallery
from bot.core.settings import Settings
from bot.store import open_database
from bot.store.bot_guilds import ALL_SHARDS, BotGuildRepository
from tests.bot.web.conftest import log_in_at
from tests.conftest import TEST_KEY
from tests.standin.discord.server import DiscordStandIn


class StubBot:
    """What the dashboard needs of a bot: its queue, and which servers' songs are its."""

    class queue_admin:  # noqa: N801 - named as the bot's attribute
        @staticmethod
        def line(_guild_id: int, _member_id: int) -> list[Any]:
            return []

    @staticmethod
    def holds_guild(_guild_id: int) -> bool:
        return True


async def test_the_dashboard_reaches_the_bots_queue(tmp_path: Path) -> None:
    discord = DiscordStandIn()
    await discord.start()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    values: dict[str, Any] = {
        "discord_token": discord.token, "soundverse_api_key": TEST_KEY,
        "database_url": f"sqlite:///{tmp_path / 'songbot.db'}", "discord_api_url": discord.api_url,
        "discord_client_secret": discord.oauth.client_secret, "web_session_secret": "s" * 40,
        "web_public_url": f"http://127.0.0.1:{port}", "web_port": port, "web_host": "127.0.0.1",
    }  # fmt: skip
    settings = Settings(_env_file=None, **values)  # type: ignore[call-arg]
    discord.oauth.user = discord.owner
    database = await open_database(settings.database_url)  # the servers a bot said it is in
    await BotGuildRepository(database).ready(ALL_SHARDS, [int(discord.guild_id)])
    await database.close()
    pages: list[str] = []

    async def bot(_settings: Settings, *, token: str, api_key: str, assembled: Any) -> None:
        assert (token, api_key) == (discord.token, TEST_KEY)
        assembled(StubBot())
        url = f"http://127.0.0.1:{port}"
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as client:
            await log_in_at(url, client)
            async with client.get(f"{url}/servers/{discord.guild_id}/dashboard") as answer:
                pages.append(await answer.text())

    try:
        await with_gallery(bot, settings, token=discord.token, api_key=TEST_KEY)
    finally:
        await discord.close()
    assert "Pause</button>" in pages[0]  # the queue's buttons: they act on the bot's queue
