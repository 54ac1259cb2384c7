"""What a song costs the bot's CPU apart from the network, on one core: each stage event step
by step, then whole songs.

First a whole song's real event stream (from the simulator) is run through the path every
event takes: SSE decoding, JSON and pydantic parsing, folding into the job state, taking the
progress screen's facts and its key (to skip identical edits; the screen itself is drawn only
when an edit sends it, which the whole songs count), in microseconds per event. Then whole
songs go through a real song service, one after another, without sockets
(:mod:`benchmarks.song_path`): reservation and claim, the answer, the song (stream, screens,
downloads, every write) and its edits' requests as discord.py builds them, in microseconds of
CPU per song. ``--profile`` prints cProfile's top functions of the whole songs as well.

    python -m benchmarks.hot_path [--songs 2000] [--whole 300] [--together 50] [--profile]

``--together`` runs the whole songs that many at a time as well (the total only: their
stages overlap), which is where the database's trips are shared.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.song_path import record_song, whole_songs
from bot.app.runner import prepare_process
from bot.features.songs.card import SongCard
from bot.features.songs.job import Update
from bot.features.songs.progress import Progress
from bot.soundverse import JobState
from bot.soundverse.events import AnyEvent
from bot.soundverse.sse import SSEDecoder
from bot.soundverse.stream import EventReader

STEPS = ("decode", "parse", "apply", "render", "key")


async def recorded_stream() -> bytes:
    """The raw bytes of one song's event stream, as the API sends them."""
    return (await record_song()).stream


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
                update = Update(Progress.of(state, card))
                rendered = time.perf_counter()
                update.key()
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
    parser.add_argument("--songs", type=int, default=2000, help="songs' events, step by step")
    parser.add_argument("--whole", type=int, default=300, help="whole songs, one after another")
    parser.add_argument("--together", type=int, default=50, help="whole songs at a time, too")
    parser.add_argument("--profile", action="store_true", help="also print cProfile's top 40")
    args = parser.parse_args()
    recording = asyncio.run(record_song())
    prepare_process()  # as the bot's own process: its garbage collection above all
    print(json.dumps({"per_event": run(recording.stream, args.songs)}, indent=1))
    with tempfile.TemporaryDirectory() as folder:
        if args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(whole_songs, recording, args.whole, Path(folder) / "profiled")
            pstats.Stats(profiler).sort_stats("tottime").print_stats(40)
        one = whole_songs(recording, args.whole, Path(folder) / "one")
        print(json.dumps({"per_song": one}, indent=1))
        many = whole_songs(recording, args.whole, Path(folder) / "many", together=args.together)
        print(json.dumps({f"per_song_{args.together}_together": many}, indent=1))


if __name__ == "__main__":
    main()
