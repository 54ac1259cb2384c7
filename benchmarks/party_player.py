"""The bot's side of the parties benchmark, alone in its own process so that its CPU and
memory are its own: ``python -m benchmarks.party_player SPEC.json`` (written by
``benchmarks.parties``).

It loads the song versions into an :class:`OpusCache` through the guarded media fetcher, as a
party does (measuring the encode and the memory each version holds), connects one discord.py
client to the Discord stand-in, opens one voice connection per guild (``parties`` guilds),
then follows what it reads on stdin: ``play`` starts every party (``VoiceClient.play`` of a
:class:`CachedOpusSource`, each song started again when it ends so the window stays steady),
``stop`` stops them and ends the run. It writes one JSON line per step to stdout.
"""

from __future__ import annotations

import asyncio
import gc
import io
import json
import ssl
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

import aiohttp
import discord

from benchmarks.measure import LoopMonitor, pct, rss_bytes
from bot.app.discord_urls import use_discord_urls
from bot.features.parties.cache import MAX_SONG_SECONDS, OpusCache, VersionKey
from bot.features.parties.opus import OpusSong, encode
from bot.features.parties.source import CachedOpusSource
from bot.features.songs import MediaFetcher
from bot.mock_api.media import melody_wav
from bot.soundverse.media import MediaPolicy

# the event loop's lag and the memory, sampled this often while playing (sparingly: the
# sampling is in the CPU measured)
MONITOR_EVERY = 0.2
CONNECTING_AT_ONCE = 10  # voice handshakes in flight together (TLS, then UDP discovery)


def say(**line: Any) -> None:
    print(json.dumps(line), flush=True)


class TimedEncoder:
    """The cache's encoder, timed: CPU seconds of the encoding thread and seconds of audio."""

    def __init__(self) -> None:
        self.cpu_seconds = 0.0
        self.audio_seconds = 0.0

    def __call__(self, file: IO[bytes]) -> OpusSong:
        began = time.thread_time()
        song = encode(file, max_seconds=MAX_SONG_SECONDS)
        self.cpu_seconds += time.thread_time() - began
        self.audio_seconds += song.seconds
        return song


async def load_cache(spec: dict[str, Any], http: aiohttp.ClientSession) -> list[OpusSong]:
    """Every version through the cache; reports what one version costs."""
    encode(io.BytesIO(melody_wav(0, 1.0, 120)), max_seconds=10)  # codecs loaded before measuring
    timed = TimedEncoder()
    cache = OpusCache(MediaFetcher(http, MediaPolicy.for_api(spec["api"])), encoder=timed)
    gc.collect()
    rss_before = rss_bytes()
    songs = []
    for version in spec["versions"]:
        key = VersionKey(version["job_id"], version["version"])
        song = await cache.song(key, version["url"])
        if not isinstance(song, OpusSong):
            raise TypeError(f"{key} is unplayable: {song.value}")
        songs.append(song)
    gc.collect()
    count, minutes = len(songs), timed.audio_seconds / 60
    say(
        step="cached",
        versions=count,
        song_seconds=timed.audio_seconds / count,
        frames_per_version=sum(len(s) for s in songs) / count,
        # what the cache's bound counts (the buffer and the offsets, their headers included)
        cache_kb_per_version=cache.size / count / 1024,
        rss_kb_per_version=(rss_bytes() - rss_before) / count / 1024,
        encode_cpu_s_per_song_minute=timed.cpu_seconds / minutes,
    )
    return songs


async def connect_all(client: discord.Client, parties: int) -> list[discord.VoiceClient]:
    """One voice connection in each of the first ``parties`` guilds, to its first room."""
    guilds = sorted(client.guilds, key=lambda guild: guild.id)[:parties]
    if len(guilds) < parties:
        raise RuntimeError(f"{parties} parties need {parties} guilds, the bot is in {len(guilds)}")
    gate = asyncio.Semaphore(CONNECTING_AT_ONCE)

    async def connect(guild: discord.Guild) -> discord.VoiceClient:
        async with gate:
            return await guild.voice_channels[0].connect(timeout=60, reconnect=False)

    return list(await asyncio.gather(*(connect(guild) for guild in guilds)))


def play_on_repeat(voice: discord.VoiceClient, song: OpusSong, ending: threading.Event) -> None:
    """Play ``song``, and again from the start when it ends (a party with a long line),
    until ``ending`` is set."""
    loop = asyncio.get_running_loop()

    def again(error: Exception | None) -> None:  # in the player's thread
        if error is None and not ending.is_set():
            loop.call_soon_threadsafe(play_on_repeat, voice, song, ending)

    if not ending.is_set() and voice.is_connected():
        voice.play(CachedOpusSource(song), after=again)


async def commands() -> asyncio.StreamReader:
    reader = asyncio.StreamReader()
    loop = asyncio.get_running_loop()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    return reader


async def expect(reader: asyncio.StreamReader, command: str) -> None:
    line = (await reader.readline()).decode().strip()
    if line != command:
        raise RuntimeError(f"expected {command!r}, read {line!r}")


async def main(spec: dict[str, Any]) -> None:
    reader = await commands()
    async with aiohttp.ClientSession() as http:
        songs = await load_cache(spec, http)
    rss_cached = rss_bytes()
    use_discord_urls(spec["api_url"], spec["gateway_url"])
    trust = ssl.create_default_context()
    trust.load_verify_locations(cadata=spec["ca_pem"])
    client = discord.Client(
        intents=discord.Intents.default(), connector=aiohttp.TCPConnector(ssl=trust)
    )
    running = asyncio.create_task(client.start(spec["token"]))
    try:
        await asyncio.wait_for(client.wait_until_ready(), 60)
        voices = await connect_all(client, spec["parties"])
        modes = sorted({voice.mode for voice in voices})
        say(step="connected", rss_kb_per_connection=(rss_bytes() - rss_cached) / len(voices)
            / 1024, modes=modes)  # fmt: skip
        await expect(reader, "play")
        monitor = LoopMonitor(every=MONITOR_EVERY)
        monitor.start()
        ending = threading.Event()
        for n, voice in enumerate(voices):
            play_on_repeat(voice, songs[n % len(songs)], ending)
        say(step="playing")
        await expect(reader, "stop")
        monitor.stop()
        ending.set()
        say(
            step="stopped",
            still_playing=sum(voice.is_playing() for voice in voices),
            loop_lag_p99_ms=pct(monitor.lags, 0.99) * 1000,
            rss_mb_playing=monitor.peak_rss / 1024 / 1024,
        )
        for voice in voices:
            voice.stop()
        await asyncio.gather(*(voice.disconnect() for voice in voices))
    finally:
        await client.close()
        await running


if __name__ == "__main__":
    asyncio.run(main(json.loads(Path(sys.argv[1]).read_text())))
