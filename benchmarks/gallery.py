"""The web gallery with many songs on one server: server time of a gallery page and of a
search, from the ``Server-Timing`` header of each answer (the time inside the app, database
included, network excluded).

    python -m benchmarks.gallery [--songs 100000] [--requests 200] [--backend sqlite|postgresql]

The target (issue 33): p99 under 50 ms on both backends at 100,000 songs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from benchmarks.measure import pct
from bot.features.gallery import Gallery
from bot.soundverse.media import MediaPolicy
from bot.store import Database, open_database
from bot.store.gallery import GalleryRepository
from bot.web.app import build_app
from bot.web.config import WebConfig, session_key
from bot.web.discord_login import DiscordLogin
from tests.standin.postgres import running_cluster

GUILD = 1
WORDS = [
    "sea",
    "moon",
    "fire",
    "rain",
    "night",
    "city",
    "love",
    "dream",
    "river",
    "star",
    "gold",
    "blue",
    "summer",
    "winter",
    "echo",
    "neon",
    "heart",
    "road",
    "storm",
    "light",
    "shadow",
    "ocean",
    "velvet",
    "thunder",
    "paper",
    "glass",
    "silver",
    "wild",
    "quiet",
    "lost",
]
MEDIA = "https://storage.soundverse.ai"


async def seed(database: Database, songs: int, rng: random.Random) -> None:
    rows = []
    now = time.time()
    for number in range(songs):
        name = " ".join(rng.choices(WORDS, k=2)).title() + f" {number}"
        rows.append((
            GUILD, 1, 1000 + number % 500, f"job-{number}", "completed", name,
            " ".join(rng.choices(WORDS, k=10)), f"member{number % 500}", "generated",
            f"{MEDIA}/{number}-1.mp3", f"{MEDIA}/{number}-2.mp3", 120.0, 118.0,
            now - songs + number, now, rng.randrange(50), None if number % 50 else now,
        ))  # fmt: skip
    async with database.transaction() as db:
        await db.execute_many(
            "INSERT INTO generations (guild_id, channel_id, user_id, job_id, status, song_name,"
            " prompt, requester, lyrics_source, audio_url_v1, audio_url_v2, duration_v1,"
            " duration_v2, created_at, updated_at, plays, hidden_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        await db.execute("INSERT INTO guild_settings (guild_id, gallery) VALUES (?, 'public')",
                         (GUILD,))  # fmt: skip
    if database.backend == "postgresql":
        async with database.transaction() as db:
            await db.execute("ANALYZE generations")


def requests(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """(kind, path) in a fixed random order: pages, deep pages, searches of every kind."""
    made: list[tuple[str, str]] = []
    for _ in range(count):
        made += [
            ("page", f"/servers/{GUILD}"),
            ("page", f"/servers/{GUILD}?order=plays"),
            ("page", f"/servers/{GUILD}?after=0.{rng.randrange(1000, 100_000)}"),
            ("search", f"/servers/{GUILD}?q={rng.choice(WORDS)}"),
            ("search", f"/servers/{GUILD}?q={rng.choice(WORDS)}+{rng.choice(WORDS)[:3]}"),
            ("search", f"/servers/{GUILD}?q=member{rng.randrange(500)}"),
            ("search", f"/servers/{GUILD}?q=nothingmatches{rng.randrange(99)}"),
        ]
    rng.shuffle(made)
    return made


async def run(songs: int, count: int, url: str | None = None) -> dict[str, Any]:
    rng = random.Random(33)
    with tempfile.TemporaryDirectory() as folder:
        database = await open_database(url or Path(folder) / "songbot.db")
        try:
            began = time.perf_counter()
            await seed(database, songs, rng)
            seeded = time.perf_counter() - began
            times = await _measure(database, requests(rng, count))
        finally:
            await database.close()
    result: dict[str, Any] = {"backend": database.backend, "songs": songs, "seed_s": seeded}
    for kind, values in times.items():
        result[f"{kind}_n"] = len(values)
        result[f"{kind}_p50_ms"] = pct(values, 0.5)
        result[f"{kind}_p99_ms"] = pct(values, 0.99)
        result[f"{kind}_max_ms"] = max(values)
    return result


async def _measure(database: Database, paths: list[tuple[str, str]]) -> dict[str, list[float]]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    config = WebConfig(base, "unused", session_key("b" * 40), "http://127.0.0.1:9/api/v10",
                       "unused", MediaPolicy.for_api("https://api.soundverse.ai"))  # fmt: skip
    times: dict[str, list[float]] = {"page": [], "search": []}
    async with aiohttp.ClientSession() as http:
        gallery = Gallery(GalleryRepository(database), config.media)
        runner = web.AppRunner(build_app(config, gallery, DiscordLogin(config, http), database))
        await runner.setup()
        await web.SockSite(runner, sock).start()
        try:
            for _ in range(20):  # warm up
                async with http.get(base + paths[0][1]) as answer:
                    await answer.read()
            for kind, path in paths:
                async with http.get(base + path) as answer:
                    await answer.read()
                    if answer.status != 200:
                        raise RuntimeError(f"{path} answered {answer.status}")
                    timing = answer.headers["Server-Timing"]
                times[kind].append(float(timing.split("dur=")[1]))
        finally:
            await runner.cleanup()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--songs", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=100, help="rounds of 7 requests")
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.backend == "postgresql":
        with running_cluster() as cluster:
            result = asyncio.run(run(args.songs, args.requests, cluster.create_database("g")))
    else:
        result = asyncio.run(run(args.songs, args.requests))
    if args.json:
        print(json.dumps(result))
        return
    for key, value in result.items():
        print(f"{key:18} {value:10.2f}" if isinstance(value, float) else f"{key:18} {value:>10}")


if __name__ == "__main__":
    main()
