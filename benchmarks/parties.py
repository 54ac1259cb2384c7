"""What listening parties cost: CPU per playing party, memory per cached song version, and
the encode, with 1, 10 and 50 parties playing at once.

A party here is what the feature does while it plays: real discord.py voice connections (one
per guild, as Discord allows, so N parties are N guilds) of one bot process playing
:class:`CachedOpusSource` s, sending RTP for real over loopback UDP to the Discord stand-in's
voice server, which decrypts and keeps every packet. The songs are the simulator's, fetched
through the guarded media fetcher and encoded once into the Opus cache.

The bot's side runs alone in its own process (``benchmarks.party_player``), so its CPU is its
own; the stand-in and the simulator run here. Its CPU time is read from ``/proc`` over an idle
window (connected, silent) and then a steady window while every party plays, and divided by
the parties and the seconds. The stand-in counts the packets each party delivered in the same
window (a party that sent less would cost less: the count keeps the figure honest).

Not measured: DAVE. Real Discord runs end-to-end encryption on top (discord.py's ``davey``
encrypts each frame once more before the transport's AEAD); the stand-in answers
``dave_protocol_version`` 0, so that per-frame cost is not in these figures.

    python -m benchmarks.parties [--parties 1,10,50] [--versions 6] [--song-seconds 180]
                                 [--window 20] [--json] [--check]

It ends with the verdict on ``PARTY_TARGETS`` (``benchmarks/targets.py``); ``--check`` makes
a miss the exit status.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import sys
import tempfile
import time
from asyncio.subprocess import PIPE, Process
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp

from benchmarks.measure import print_row
from benchmarks.processes import ROOT, cpu_seconds
from benchmarks.targets import PARTY_TARGETS, misses, summary
from bot.mock_api import SimulatorConfig, serve
from bot.soundverse import SongRequest, SoundverseClient
from tests.standin.discord.server import DiscordStandIn

FRAMES_PER_SECOND = 50  # one 20 ms Opus frame per packet


@contextlib.asynccontextmanager
async def simulated_versions(count: int, seconds: float) -> AsyncIterator[tuple[str, list[Any]]]:
    """The simulator serving ``count`` song versions of ``seconds`` each: its URL and them."""
    config = SimulatorConfig(speed=float("inf"), song_seconds=seconds, check_inputs=False)
    async with serve(config) as sim, aiohttp.ClientSession() as http:
        client = SoundverseClient(http, "bench-key", base_url=sim.url)
        versions: list[dict[str, Any]] = []
        while len(versions) < count:
            result = await client.generate_sync(SongRequest.build(prompt="a party song"))
            versions += [
                {"job_id": result.job_id, "version": n, "url": str(url)}
                for n, (url, _name) in enumerate(result.audio, start=1)
            ]
        yield sim.url, versions[:count]


class Player:
    """The bot's side (``benchmarks.party_player``), and the lines it writes."""

    def __init__(self, process: Process, log: Path) -> None:
        if process.stdin is None or process.stdout is None:
            raise RuntimeError("the player's stdin and stdout are pipes")
        self.process, self._stdin, self._stdout = process, process.stdin, process.stdout
        self._log = log  # what it wrote to stderr

    async def line(self, step: str, within: float) -> dict[str, Any]:
        raw = await asyncio.wait_for(self._stdout.readline(), within)
        try:
            said: dict[str, Any] = json.loads(raw)
        except ValueError:
            said = {}
        if said.get("step") != step:
            last = self._log.read_text(errors="replace").splitlines()[-20:]
            raise RuntimeError(
                f"the player did not say {step!r} (it said {raw!r}); its log ends:\n"
                + "\n".join(last)
            )
        del said["step"]
        return said

    async def tell(self, command: str) -> None:
        self._stdin.write(command.encode() + b"\n")
        await self._stdin.drain()

    def cpu_seconds(self) -> float:
        return cpu_seconds(self.process.pid)


async def start_player(spec: dict[str, Any], folder: Path) -> Player:
    path, log = folder / "spec.json", folder / "player.log"
    path.write_text(json.dumps(spec))
    with log.open("ab") as stderr:  # the player has its own copy of the file once started
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "benchmarks.party_player", str(path),
            cwd=ROOT, stdin=PIPE, stdout=PIPE, stderr=stderr,
        )  # fmt: skip
    return Player(process, log)


def delivered(standin: DiscordStandIn, guilds: list[str]) -> list[int]:
    """Packets each guild's voice connection has delivered so far."""
    streams = [standin.voice.heard(guild_id) for guild_id in guilds]
    return [len(stream.packets) if stream else 0 for stream in streams]


async def run_parties(
    parties: int, api: str, versions: list[Any], *, window: float, idle: float, warmup: float
) -> dict[str, Any]:
    """``parties`` parties playing at once, measured over ``window`` seconds."""
    standin = DiscordStandIn(channels=1, guilds=parties)
    await standin.start()
    guilds = sorted(standin.world.guild_channels, key=int)
    spec = {
        "api": api, "versions": versions, "parties": parties, "token": standin.token,
        "api_url": standin.api_url, "gateway_url": standin.gateway_url,
        "ca_pem": standin.voice.ca_pem.decode(),
    }  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        player = await start_player(spec, Path(folder))
        try:
            cached = await player.line("cached", 600)
            connected = await player.line("connected", 300)
            began, started = player.cpu_seconds(), time.perf_counter()
            await asyncio.sleep(idle)
            idle_cpu = (player.cpu_seconds() - began) / (time.perf_counter() - started)
            await player.tell("play")
            await player.line("playing", 60)
            await asyncio.sleep(warmup)  # every player thread past its first frames
            sent, began = delivered(standin, guilds), player.cpu_seconds()
            started = time.perf_counter()
            await asyncio.sleep(window)
            cpu, seconds = player.cpu_seconds() - began, time.perf_counter() - started
            counts = [b - a for a, b in zip(sent, delivered(standin, guilds), strict=True)]
            await player.tell("stop")
            stopped = await player.line("stopped", 60)
            await asyncio.wait_for(player.process.wait(), 60)
        finally:
            if player.process.returncode is None:
                player.process.kill()
                await player.process.wait()
            await standin.close()
    rejected = sum(stream.rejected for stream in standin.voice.udp.streams.values())
    per_party_second = [count / seconds for count in counts]
    return {
        "n": parties,
        "parties": parties,
        "window_s": seconds,
        "cpu_ms_per_party_second": cpu / seconds / parties * 1000,
        "core_percent_per_party": cpu / seconds / parties * 100,
        "core_percent_all_parties": cpu / seconds * 100,
        "idle_cpu_ms_per_party_second": idle_cpu / parties * 1000,
        "packets_per_party_second": sum(per_party_second) / parties,
        "min_packets_per_party_second": min(per_party_second),
        "rejected_packets": rejected,
        **connected,
        **stopped,
        **cached,
        "load_average_1min": os.getloadavg()[0],
    }


async def run(
    parties: list[int],
    *,
    versions: int = 6,
    song_seconds: float = 180.0,
    window: float = 20.0,
    idle: float = 5.0,
    warmup: float = 2.0,
) -> list[dict[str, Any]]:
    """One run for each count of parties, on the same simulated versions."""
    async with simulated_versions(versions, song_seconds) as (api, made):
        return [
            await run_parties(n, api, made, window=window, idle=idle, warmup=warmup)
            for n in parties
        ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parties", default="1,10,50", help="counts of parties, one run each")
    parser.add_argument("--versions", type=int, default=6, help="song versions in the cache")
    parser.add_argument("--song-seconds", type=float, default=180.0)
    parser.add_argument("--window", type=float, default=20.0, help="seconds measured playing")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args()
    counts = [int(n) for n in args.parties.split(",")]
    rows = asyncio.run(
        run(counts, versions=args.versions, song_seconds=args.song_seconds, window=args.window)
    )
    for row in rows:
        print_row(row, as_json=args.json)
        print()
    print("\n".join(summary(rows, PARTY_TARGETS)))
    if args.check and any(misses(row, PARTY_TARGETS) for row in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
