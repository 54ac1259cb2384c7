"""What one stage event costs the bot, step by step, on one core.

A whole song's real event stream (from the simulator) is run through the path every event
takes: SSE decoding, JSON and pydantic parsing, folding into the job state, rendering the
progress screen and computing its key (to skip identical edits). Reported in microseconds per
event; ``--profile`` prints cProfile's top functions as well.

    python -m benchmarks.hot_path [--songs 2000] [--profile]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import time
from typing import Any

import aiohttp

from bot.features.songs.card import SongCard
from bot.features.songs.render import progress_screen
from bot.mock_api import SimulatorConfig, serve
from bot.soundverse import JobState
from bot.soundverse.events import AnyEvent
from bot.soundverse.sse import SSEDecoder
from bot.soundverse.stream import EventReader

STEPS = ("decode", "parse", "apply", "render", "key")


async def recorded_stream() -> bytes:
    """The raw bytes of one song's event stream, as the API sends them."""
    config = SimulatorConfig(speed=float("inf"), song_seconds=2.0, check_inputs=False)
    async with serve(config) as sim, aiohttp.ClientSession() as http:
        body = {"prompt": "a song about benchmarks", "lyrics": "[Verse]\nla la la"}
        headers = {"Authorization": "Bearer benchmark"}
        async with http.post(f"{sim.url}/v7/generate/song", json=body, headers=headers) as got:
            return await got.read()


def run(raw: bytes, songs: int) -> dict[str, Any]:
    """Every step for ``songs`` songs; microseconds per event for each step."""
    spent = dict.fromkeys(STEPS, 0.0)
    events = 0
    card = SongCard("member", "a song about benchmarks", "typed")
    chunks = [raw[i : i + 512] for i in range(0, len(raw), 512)]  # as the network splits it
    for _ in range(songs):
        decoder, state = SSEDecoder(), JobState()
        reader = EventReader(decoder)
        for chunk in chunks:
            began = time.perf_counter()
            messages = decoder.feed(chunk)
            spent["decode"] += time.perf_counter() - began
            for message in messages:
                began = time.perf_counter()
                event: AnyEvent | None = reader.parse(message.data, state.job_id)
                parsed = time.perf_counter()
                if event is None:
                    continue
                state.apply(event)
                applied = time.perf_counter()
                screen = progress_screen(state, card)
                rendered = time.perf_counter()
                screen.key()
                keyed = time.perf_counter()
                spent["parse"] += parsed - began
                spent["apply"] += applied - parsed
                spent["render"] += rendered - applied
                spent["key"] += keyed - rendered
                events += 1
    result: dict[str, Any] = {f"{step}_us": spent[step] / events * 1e6 for step in STEPS}
    result["total_us"] = sum(spent.values()) / events * 1e6
    result["events"] = events
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--songs", type=int, default=2000)
    parser.add_argument("--profile", action="store_true", help="also print cProfile's top 25")
    args = parser.parse_args()
    raw = asyncio.run(recorded_stream())
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(run, raw, args.songs)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    print(json.dumps(run(raw, args.songs), indent=1))


if __name__ == "__main__":
    main()
