"""Versions encoded once, through the guarded fetcher only, kept in a bounded LRU.
Against the simulator on loopback."""

from __future__ import annotations

import asyncio
import io
from typing import IO

import aiohttp

from bot.features.parties.cache import OpusCache, Unplayable, VersionKey
from bot.features.parties.opus import OpusSong, encode
from bot.features.songs import MediaFetcher
from bot.soundverse.media import MediaPolicy
from tests.bot.features.parties.songs import SimulatedSong, simulated_song
from tests.standin.discord.voice_audio import decode_opus, tones_match


def audio_gets(song: SimulatedSong) -> list[str]:
    return [path for method, path in song.sim.simulator.calls if path.endswith(".wav")]


def cache_for(
    http: aiohttp.ClientSession, song: SimulatedSong, max_bytes: int = 1 << 30
) -> OpusCache:
    return OpusCache(MediaFetcher(http, MediaPolicy.for_api(song.sim.url)), max_bytes=max_bytes)


async def test_parties_asking_at_once_share_one_download_and_encode(
    http: aiohttp.ClientSession,
) -> None:
    encodes: list[int] = []

    def counting(file: IO[bytes]) -> OpusSong:
        encodes.append(1)
        return encode(file, max_seconds=60)

    async with simulated_song(http, seconds=4.0) as song:
        cache = OpusCache(MediaFetcher(http, MediaPolicy.for_api(song.sim.url)), encoder=counting)
        key = VersionKey(song.job_id, 1)
        first, second = await asyncio.gather(
            cache.song(key, song.urls[0]), cache.song(key, song.urls[0])
        )
        third = await cache.song(key, song.urls[0])
        assert isinstance(first, OpusSong)
        assert first is second is third
        assert encodes == [1]
        assert len(audio_gets(song)) == 1
        assert tones_match(decode_opus(first.frames()), await song.wav(http, 1)) >= 0.9
        assert cache.size == first.size


async def test_the_least_recently_played_version_goes_first(http: aiohttp.ClientSession) -> None:
    async with simulated_song(http, seconds=2.0) as song:
        one, two = VersionKey(song.job_id, 1), VersionKey(song.job_id, 2)
        probe = await cache_for(http, song).song(one, song.urls[0])
        assert isinstance(probe, OpusSong)
        cache = cache_for(http, song, max_bytes=int(probe.size * 1.5))
        await cache.song(one, song.urls[0])
        await cache.song(two, song.urls[1])
        assert two in cache
        assert one not in cache
        assert cache.size <= int(probe.size * 1.5)


async def test_a_song_on_a_host_not_allowed_is_never_fetched(
    http: aiohttp.ClientSession,
) -> None:
    async with simulated_song(http, seconds=1.0) as song:
        # the same simulator by another name: not the API's origin, not on the allow-list
        elsewhere = song.urls[0].replace("127.0.0.1", "localhost")
        got = await cache_for(http, song).song(VersionKey(song.job_id, 1), elsewhere)
        assert got is Unplayable.NOT_ALLOWED
        assert audio_gets(song) == []


async def test_a_file_that_is_not_audio_is_unplayable(http: aiohttp.ClientSession) -> None:
    async with simulated_song(http, seconds=1.0) as song:
        cache = OpusCache(
            MediaFetcher(http, MediaPolicy.for_api(song.sim.url)),
            # a file that passed the sniffing (it starts like a WAV) but holds no sound
            encoder=lambda file: encode(io.BytesIO(file.read(12) + bytes(200)), max_seconds=60),
        )
        got = await cache.song(VersionKey(song.job_id, 1), song.urls[0])
    assert got is Unplayable.NOT_AUDIO
    assert cache.size == 0
