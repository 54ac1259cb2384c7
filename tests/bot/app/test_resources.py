"""The shared resources: one HTTP session and one database, opened and closed together."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

from bot.app.resources import open_resources
from bot.core.settings import Settings
from bot.mock_api import Faults, serve
from bot.soundverse import SongRequest
from tests.conftest import TEST_KEY, fast_config

IN_FLIGHT = 150  # more than aiohttp's default pool of 100 connections


async def test_hundreds_of_songs_stream_at_once(tmp_path: Path) -> None:
    """Every song in flight holds a stream open; none may queue for a connection."""
    config = fast_config(faults=Faults.parse("slow=completed:60"))
    async with serve(config) as sim:
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            soundverse_api_url=sim.url,
            database_url=f"sqlite:///{tmp_path / 'songbot.db'}",
        )
        async with open_resources(settings, api_key=TEST_KEY) as resources:
            started = asyncio.Event()

            async def follow(i: int) -> None:
                async for _event in resources.soundverse.generate(SongRequest.build(prompt=f"{i}")):
                    if len(sim.simulator.jobs) == IN_FLIGHT:
                        started.set()

            songs = [asyncio.create_task(follow(i)) for i in range(IN_FLIGHT)]
            try:
                await asyncio.wait_for(started.wait(), 30)
            finally:
                for song in songs:
                    song.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await asyncio.gather(*songs)
    assert len(sim.simulator.jobs) == IN_FLIGHT
