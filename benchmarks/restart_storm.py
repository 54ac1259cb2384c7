"""A restart storm: 300 songs in flight in one channel, the bot killed (SIGKILL) and started
again. Interaction tokens are not stored, so after the restart every edit of every song's
message goes through ``PATCH /channels/{channel}/messages/{id}``, whose rate-limit bucket the
whole channel shares (the stand-in enforces 5 edits per 5 s per channel, as reported of
Discord). The bot's per-channel scheduler sends finished songs first and only each message's
newest state.

    python -m benchmarks.restart_storm [--n 300] [--speed 1] [--json]

Reported: messages that never reached their final state, songs submitted twice, Discord's
429s, and the time from the restart until the last message was final, against the least the
channel's bucket allows for that many final edits.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import json
import math
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.measure import print_row
from benchmarks.processes import simulator_process, start_bot, stop_bot
from tests.standin.discord import payloads as p
from tests.standin.discord.server import DiscordStandIn

BUCKET = (5, 5.0)  # the stand-in's channel-route edits: 5 per 5 seconds


async def run(n: int, speed: float) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        async with simulator_process(speed) as sim:
            standin = DiscordStandIn(channels=1)
            await standin.start()
            start = functools.partial(
                start_bot, token=standin.token, api_url=standin.api_url,
                gateway_url=standin.gateway_url, simulator_url=sim.url,
                database=Path(folder) / "storm.db",
            )  # fmt: skip
            first = await start()
            people = [p.user(p.snowflake(), f"member{i}") for i in range(max(1, n // 3))]
            asked = [
                await standin.slash("song", {"prompt": f"song {i}"}, user=people[i % len(people)])
                for i in range(n)
            ]
            await standin.wait_for(lambda: len(standin.messages) >= n, limit=120)
            await _until(lambda: _started(standin) >= n, limit=120)  # every job at the API
            first.kill()
            await first.wait()
            killed = time.monotonic()
            second = await start()
            restarted = time.monotonic()
            ids = [standin.original(i)["id"] for i in asked]  # type: ignore[index]
            with contextlib.suppress(TimeoutError):
                await standin.wait_for(
                    lambda: all(_final(standin, m) for m in ids), limit=120 + 3 * n
                )
            finals = [_final_at(standin, m) for m in ids]
            await stop_bot(second)
            jobs = await sim.listed()
            await standin.close()
    done = [at for at in finals if at is not None]
    completions = sorted(job["emitted_at"][-1] for job in jobs)
    bound = math.ceil(n / BUCKET[0]) * BUCKET[1] - BUCKET[1]  # the first window is free
    last = max(done, default=math.nan)
    return {
        "n": n,
        "not_final": n - len(done),
        "submitted_twice": len(jobs) - len({job["request"].get("prompt") for job in jobs}),
        "discord_429s": len(standin.rate_limited),
        "restart_seconds": restarted - killed,
        "last_final_after_restart_s": last - restarted,
        "last_final_after_last_completion_s": last - completions[-1] if completions else math.nan,
        "bucket_bound_s": bound,
        "channel_edits": sum(
            1
            for c in standin.calls
            if c.method == "PATCH" and c.path.startswith("/api/v10/channels/")
        ),
    }


def _started(standin: DiscordStandIn) -> int:
    """Songs whose message shows the API took them (their job id is in the footer)."""
    return sum(1 for m in standin.messages.values() if "Job " in json.dumps(m.get("embeds") or []))


def _final(standin: DiscordStandIn, message_id: str) -> bool:
    message = standin.messages.get(message_id) or {}
    return bool(message.get("attachments")) and "✅ Done" in json.dumps(message, ensure_ascii=False)


def _final_at(standin: DiscordStandIn, message_id: str) -> float | None:
    if not _final(standin, message_id):
        return None
    edits = [c.at for c in standin.calls if c.method == "PATCH" and c.files
             and c.path.endswith(f"/{message_id}")]  # fmt: skip
    return edits[-1] if edits else None


async def _until(condition: Any, limit: float) -> None:
    """Poll a condition that no stand-in event announces (the simulator is another process)."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError
        await asyncio.sleep(0.1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--speed", type=float, default=1.0, help="simulator speed-up")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    row = asyncio.run(run(args.n, args.speed))
    print_row(row, as_json=args.json)


if __name__ == "__main__":
    main()
