"""The real bot, connected to the Discord stand-in and the Soundverse simulator."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.app.bot import SongBot
from bot.app.runner import assembled_bot
from bot.core.settings import Settings
from bot.mock_api import RunningSimulator
from tests.conftest import TEST_KEY
from tests.standin.discord.server import DiscordStandIn


@dataclass
class Harness:
    bot: SongBot
    discord: DiscordStandIn
    simulator: RunningSimulator


@pytest.fixture
async def discord_standin() -> AsyncIterator[DiscordStandIn]:
    standin = DiscordStandIn()
    await standin.start()
    yield standin
    await standin.close()


def bot_settings(
    standin: DiscordStandIn, simulator: RunningSimulator, data: Path, **overrides: Any
) -> Settings:
    values: dict[str, Any] = {
        "discord_token": standin.token,
        "soundverse_api_key": TEST_KEY,
        "soundverse_api_url": simulator.url,
        "database_url": f"sqlite:///{data / 'songbot.db'}",
        "discord_api_url": standin.api_url,
        "discord_gateway_url": standin.gateway_url,
        "song_edit_interval": 0.2,
        "soundverse_retry_delays": (0.01, 0.01),
        "soundverse_idle_timeout": 2.0,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


async def start_bot(
    settings: Settings, standin: DiscordStandIn, **options: Any
) -> tuple[SongBot, asyncio.Task[None], Any]:
    resources_cm = assembled_bot(settings, api_key=TEST_KEY, guild_ready_timeout=0.05, **options)
    bot = await resources_cm.__aenter__()
    task = asyncio.create_task(bot.start(standin.token))
    await standin.wait_ready()
    await asyncio.wait_for(bot.wait_until_ready(), 20)
    return bot, task, resources_cm


async def stop_bot(bot: SongBot, task: asyncio.Task[None], resources_cm: Any) -> None:
    await bot.close()
    await task
    await resources_cm.__aexit__(None, None, None)


@pytest.fixture
async def harness(
    discord_standin: DiscordStandIn,
    simulator: RunningSimulator,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> AsyncIterator[Harness]:
    settings = bot_settings(discord_standin, simulator, tmp_path)
    bot, task, resources = await start_bot(settings, discord_standin)
    yield Harness(bot, discord_standin, simulator)
    await stop_bot(bot, task, resources)
    check_clean_run(discord_standin, caplog)


def check_clean_run(standin: DiscordStandIn, caplog: pytest.LogCaptureFixture) -> None:
    """What every end-to-end fixture checks after its bot stopped: no unexpected error was
    logged, and Discord never had to rate-limit the bot."""
    unexpected = [r for r in caplog.records if r.name == "songbot.errors"]
    assert not unexpected, f"unexpected errors were logged: {unexpected[0].getMessage()}"
    assert not standin.rate_limited, "the bot was rate limited by the stand-in"
