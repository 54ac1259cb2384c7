"""A simulator song to play: made through the simulator's API, its audio URL and bytes."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp

from bot.mock_api import RunningSimulator, serve
from bot.soundverse import SongRequest
from tests.conftest import fast_config, make_client


@dataclass(frozen=True)
class SimulatedSong:
    sim: RunningSimulator
    job_id: str
    urls: tuple[str, str]

    async def wav(self, http: aiohttp.ClientSession, version: int) -> bytes:
        """The version's file, read straight from the simulator (for comparing)."""
        async with http.get(self.urls[version - 1]) as response:
            return await response.read()


@contextlib.asynccontextmanager
async def simulated_song(
    http: aiohttp.ClientSession, *, seconds: float
) -> AsyncIterator[SimulatedSong]:
    """A simulator serving one finished song of ``seconds``."""
    async with serve(fast_config(song_seconds=seconds)) as sim:
        result = await make_client(http, sim.url).generate_sync(SongRequest.build(prompt="x"))
        urls = [url for url, _name in result.audio]
        assert result.job_id
        assert len(urls) == 2
        yield SimulatedSong(sim, result.job_id, (str(urls[0]), str(urls[1])))
