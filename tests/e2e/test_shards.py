"""The bot on shards (``DISCORD_SHARD_COUNT``/``DISCORD_SHARD_IDS``): each shard's servers are
heard on its own connection, and a process serves only the servers of its shards."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app.bot import ShardedSongBot
from bot.mock_api import RunningSimulator
from tests.e2e.helpers import bot_settings, shows, start_bot, stop_bot
from tests.standin.discord.server import DiscordStandIn


@pytest.fixture
async def two_shards() -> AsyncIterator[DiscordStandIn]:
    """Two servers, the first on shard 0 and the second on shard 1 of two."""
    standin = DiscordStandIn(guilds=2, shards=2)
    await standin.start()
    yield standin
    await standin.close()


async def test_one_process_on_both_shards_serves_both_servers(
    two_shards: DiscordStandIn, simulator: RunningSimulator, tmp_path: Path
) -> None:
    settings = bot_settings(two_shards, simulator, tmp_path, discord_shard_count=2)
    bot, task, resources = await start_bot(settings, two_shards)
    try:
        assert isinstance(bot, ShardedSongBot)
        await two_shards.wait_for(lambda: two_shards.gateway.shards_connected() == {0, 1})
        assert {guild.shard_id for guild in bot.guilds} == {0, 1}
        songs = [await two_shards.slash("song", {"prompt": f"on {n}"}, channel=n) for n in (0, 2)]
        for song in songs:
            await two_shards.wait_for(shows(two_shards, song, "✅ Done"), limit=30)
    finally:
        await stop_bot(bot, task, resources)


async def test_a_process_hears_only_its_own_shards_servers(
    two_shards: DiscordStandIn, simulator: RunningSimulator, tmp_path: Path
) -> None:
    settings = bot_settings(
        two_shards, simulator, tmp_path, discord_shard_count=2, discord_shard_ids=(1,)
    )
    bot, task, resources = await start_bot(settings, two_shards)
    try:
        assert two_shards.gateway.shards_connected() == {1}
        [guild] = bot.guilds
        assert str(guild.id) == list(two_shards.world.guild_channels)[1]
        song = await two_shards.slash("song", {"prompt": "second server"}, channel=2)
        await two_shards.wait_for(shows(two_shards, song, "✅ Done"), limit=30)
        assert not two_shards.gateway.listeners({"guild_id": two_shards.guild_id})
        async with bot.resources.database.reading() as db:  # recorded at its shard's ready
            recorded = await db.fetch("SELECT guild_id, shard_id FROM bot_guilds")
        assert [(int(g), int(s)) for g, s in recorded] == [(guild.id, 1)]
    finally:
        await stop_bot(bot, task, resources)
