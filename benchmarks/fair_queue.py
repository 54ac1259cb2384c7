"""The fair queue under load: 1,000 /song from 300 members over 5 channels, with the API
capped at 50 jobs at once (the simulator answers 429 beyond that) and the bot's
``SOUNDVERSE_MAX_CONCURRENT`` at 50.

    python -m benchmarks.fair_queue [--n 1000] [--members 300] [--cap 50] [--rate 100]
                                    [--speed 8] [--json]

Reported: songs lost (no finished message) and submitted twice (more than one job for one
prompt), Discord's 429s and the API's, how soon a queued song's message showed its place,
and the waiting time (from /song to the job's start at the API) by each member's first,
second, third ... song, with its spread across members.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import statistics
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from benchmarks.measure import pct, print_row
from benchmarks.processes import simulator_process, start_bot, stop_bot
from tests.standin.discord import payloads as p
from tests.standin.discord.server import DiscordStandIn, Interaction


async def run(n: int, members: int, cap: int, rate: float, speed: float) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        async with simulator_process(speed, max_concurrent=cap) as sim:
            standin = DiscordStandIn(channels=5)
            await standin.start()
            bot = await start_bot(
                token=standin.token, api_url=standin.api_url, gateway_url=standin.gateway_url,
                simulator_url=sim.url, database=Path(folder) / "queue.db", max_concurrent=cap,
            )  # fmt: skip
            people = [p.user(p.snowflake(), f"member{i}") for i in range(members)]
            asked: list[tuple[Interaction, int, str]] = []
            began = time.monotonic()
            for i in range(n):
                await asyncio.sleep(max(0.0, began + i / rate - time.monotonic()))
                who = i % members
                interaction = await standin.slash(
                    "song", {"prompt": f"song {i}"}, user=people[who], channel=i % 5
                )
                asked.append((interaction, who, f"song {i}"))
            with contextlib.suppress(TimeoutError):
                await standin.wait_for(
                    lambda: all(_done(standin, i) for i, _, _ in asked), limit=600 + n
                )
            elapsed = time.monotonic() - began
            await stop_bot(bot)
            jobs, stats = await sim.listed(), await sim.stats()
            await standin.close()
    return _measure(standin, asked, jobs, stats) | {
        "n": n, "members": members, "cap": cap, "wall_seconds": elapsed,
        "discord_429s": len(standin.rate_limited),
    }  # fmt: skip


def _done(standin: DiscordStandIn, interaction: Interaction) -> bool:
    message = standin.original(interaction)
    text = json.dumps(message or {}, ensure_ascii=False)
    return bool(message and message["attachments"] and "✅ Done" in text)


def _measure(
    standin: DiscordStandIn,
    asked: list[tuple[Interaction, int, str]],
    jobs: list[dict[str, Any]],
    stats: dict[str, Any],
) -> dict[str, Any]:
    started: dict[str, float] = {}
    per_prompt: Counter[str] = Counter()
    for job in jobs:
        prompt = job["request"].get("prompt", "")
        per_prompt[prompt] += 1
        started.setdefault(prompt, job["emitted_at"][0])
    answers = {}
    for call in standin.calls:
        if call.method == "POST" and call.path.startswith("/api/v10/interactions/"):
            answers[call.path.split("/")[4]] = call
    waits_by_rank: dict[int, list[float]] = defaultdict(list)
    member_waits: dict[int, list[float]] = defaultdict(list)
    shown_within, queued, lost = [], 0, 0
    rank: Counter[int] = Counter()
    for interaction, who, prompt in asked:
        rank[who] += 1
        answer = answers.get(interaction.id)
        if answer is not None and "Queued: position" in json.dumps(answer.json, ensure_ascii=False):
            queued += 1
            shown_within.append(answer.at - interaction.created)
        if not _done(standin, interaction) or prompt not in started:
            lost += 1
            continue
        wait = started[prompt] - interaction.created
        waits_by_rank[rank[who]].append(wait)
        member_waits[who].append(wait)
    firsts = waits_by_rank.get(1, [])
    means = [statistics.mean(w) for w in member_waits.values() if w]
    return {
        "lost": lost,
        "submitted_twice": sum(1 for count in per_prompt.values() if count > 1),
        "api_429s": stats.get("refused_busy", 0),
        "api_peak_running": stats.get("peak_running", 0),
        "queued": queued,
        "place_shown_p99_s": pct(shown_within, 0.99),
        "place_shown_max_s": max(shown_within, default=0.0),
        "wait_by_rank_mean_s": {
            r: round(statistics.mean(w), 2) for r, w in sorted(waits_by_rank.items())
        },
        "first_song_wait_p50_s": pct(firsts, 0.5),
        "first_song_wait_p99_s": pct(firsts, 0.99),
        "member_mean_wait_p10_s": pct(means, 0.1),
        "member_mean_wait_p50_s": pct(means, 0.5),
        "member_mean_wait_p90_s": pct(means, 0.9),
        "member_mean_wait_spread_s": (max(means) - min(means)) if means else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--members", type=int, default=300)
    parser.add_argument("--cap", type=int, default=50, help="jobs at the API at once")
    parser.add_argument("--rate", type=float, default=100.0, help="new songs a second")
    parser.add_argument("--speed", type=float, default=8.0, help="simulator speed-up")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    row = asyncio.run(run(args.n, args.members, args.cap, args.rate, args.speed))
    print_row(row, as_json=args.json)


if __name__ == "__main__":
    main()
