"""Downloading a song's files: fetched while the job still runs, checked against Discord's
limits, and always closed. Against the real simulator over loopback."""

from __future__ import annotations

import asyncio
import io
import time
from collections.abc import Callable
from typing import cast

import aiohttp

from bot.features.songs.delivery import REQUEST_LIMIT, Downloads, MediaFetcher, slugify
from bot.features.songs.fetch import Download, Unattached
from bot.mock_api import Faults, RunningSimulator, serve
from bot.soundverse import JobState, SongRequest, Stage
from bot.soundverse.media import MediaPolicy
from tests.conftest import fast_config, make_client

MIB = 1024 * 1024


async def until(condition: Callable[[], bool], limit: float = 10.0) -> None:
    """Wait for ``condition`` to hold, checking as the event loop turns."""
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.005)


def fetcher(http: aiohttp.ClientSession, sim: RunningSimulator) -> MediaFetcher:
    return MediaFetcher(http, MediaPolicy.for_api(sim.url))


def fetched_media(sim: RunningSimulator) -> set[str]:
    return {
        path.rsplit("/", 1)[1]
        for method, path in sim.simulator.calls
        if method == "GET" and path.startswith("/media/")
    }


async def versions_done(http: aiohttp.ClientSession, sim: RunningSimulator) -> JobState:
    """Follow a job until both versions are complete (the job itself is held back)."""
    state = JobState()
    client = make_client(http, sim.url)
    async for event in client.generate(SongRequest.build(prompt="x")):
        state.apply(event)
        if len(state.versions) == 2 and all(
            v.stage == Stage.COMPLETED for v in state.versions.values()
        ):
            return state
    raise AssertionError("the job ended before both versions completed")


async def test_files_are_fetched_while_the_job_still_runs(http: aiohttp.ClientSession) -> None:
    config = fast_config(faults=Faults.parse("slow=completed:60"))
    async with (
        serve(config) as sim,
        Downloads(fetcher(http, sim), file_limit=10 * MIB) as downloads,
    ):
        state = await versions_done(http, sim)
        downloads.start(state)
        await until(lambda: fetched_media(sim) == {"cover.png", "1.wav", "2.wav"})
        assert not state.done
        package = await asyncio.wait_for(downloads.package(state), 5)
        slug = slugify(state.song_name or "")
        assert package.delivery.cover_file == f"{slug}-cover.png"
        assert package.delivery.audio_files == {
            1: f"version-1-{slug}.wav",
            2: f"version-2-{slug}.wav",
        }
        assert [f.filename for f in package.discord_files()] == [
            f"{slug}-cover.png",
            f"version-1-{slug}.wav",
            f"version-2-{slug}.wav",
        ]
        assert len(sim.simulator.calls) == len(set(sim.simulator.calls))  # nothing fetched twice
    assert all(fetched.download.file.closed for fetched in package.files)


async def test_a_file_over_the_limit_is_left_out(http: aiohttp.ClientSession) -> None:
    config = fast_config(faults=Faults.parse("slow=completed:60;audio_size=300000"))
    async with serve(config) as sim, Downloads(fetcher(http, sim), file_limit=200_000) as downloads:
        state = await versions_done(http, sim)
        package = await downloads.package(state)
    assert package.delivery.audio_files == {}
    assert package.delivery.unattached == dict.fromkeys((1, 2), Unattached.TOO_LARGE.value)
    assert package.delivery.cover_file is not None


async def test_the_whole_request_stays_under_discords_cap(http: aiohttp.ClientSession) -> None:
    """Each file fits the server's limit, but all three would pass 25 MiB: the last is left
    out (members get its link instead)."""
    size = 13 * MIB
    config = fast_config(faults=Faults.parse(f"slow=completed:60;audio_size={size}"))
    async with (
        serve(config) as sim,
        Downloads(fetcher(http, sim), file_limit=100 * MIB) as downloads,
    ):
        state = await versions_done(http, sim)
        package = await downloads.package(state)
        total = sum(f.download.size for f in package.files)
    assert set(package.delivery.audio_files) == {1}
    assert package.delivery.unattached == {2: Unattached.TOO_LARGE.value}
    assert total <= REQUEST_LIMIT


async def test_an_unreachable_file_is_left_out(http: aiohttp.ClientSession) -> None:
    async with (
        serve(fast_config()) as sim,
        Downloads(fetcher(http, sim), file_limit=10 * MIB) as downloads,
    ):
        state = await versions_done(http, sim)
        state.versions[2].audio_url = f"{sim.url}/media/nope/2.wav"
        package = await downloads.package(state)
    assert set(package.delivery.audio_files) == {1}
    assert package.delivery.unattached == {2: Unattached.UNREACHABLE.value}


class HeldFetcher:
    """The cover comes at once; every other file never comes until cancelled."""

    def __init__(self) -> None:
        self.cover = Download(io.BytesIO(b"\x89PNG\r\n\x1a\n"), 8, ".png")
        self.came, self.cancelled = asyncio.Event(), asyncio.Event()

    async def fetch(self, url: str, _limit: int) -> Download | Unattached:
        if url == "cover":
            self.came.set()
            return self.cover
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            self.cancelled.set()
            raise
        raise AssertionError("never comes")


async def test_leaving_closes_what_came_and_cancels_what_did_not() -> None:
    held = HeldFetcher()
    state = JobState(album_art="cover")
    state.version(1).audio_url, state.version(1).stage = "audio", Stage.COMPLETED
    async with Downloads(cast("MediaFetcher", held), file_limit=MIB) as downloads:
        downloads.start(state)
        await held.came.wait()
    assert held.cover.file.closed
    assert held.cancelled.is_set()
