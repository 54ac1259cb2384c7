"""Several bot processes on one PostgreSQL: the real ``songbot`` processes, each on its own
shard, between the Discord stand-in and the simulator (each in its own process too).

A throwaway PostgreSQL cluster is started for the run. The stand-in has two servers per
process, server ``n`` on shard ``n % processes``, and N /song go out --rate a second over their
channels, so each process serves its shard's share. The same measures as
``benchmarks.concurrent_songs`` are taken, plus, with ``--kill``, one process is SIGKILLed
half-way through the interactions: then what counts is that no song is lost or doubled and how
long its songs wait before another process takes them over.

A song is lost when it neither finished nor ended as the README promises for a killed process:
an interaction it never answered shows Discord's "This interaction failed" (the member knows it
was not taken), and a song it had answered but not yet sent to Soundverse is released by the
process taking it over, its member told to try again (nothing was made or charged). Both are
counted apart (``never_answered``, ``told_to_try_again``), not as lost; but a song Soundverse
took is lost unless it finished, whatever its member was told. One loss is counted on its own
(``lost_while_sending``): a process killed after Soundverse took a song and before it wrote
the job id leaves a job nobody can find again, and its song is released as if never sent.

    python -m benchmarks.several_processes [--n 1000] [--processes 3] [--rate 100]
                                           [--speed 4] [--lease 6] [--kill] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from benchmarks.concurrent_songs import measure_songs, shows_done, until_done_or_stuck
from benchmarks.measure import pct
from benchmarks.processes import simulator_process, start_bot, stop_bot
from bot.features.songs.texts import INTERRUPTED
from tests.standin.discord import payloads as p
from tests.standin.discord.server import Call, DiscordStandIn, Interaction
from tests.standin.postgres import running_cluster

# A bot's log line (its default text format) saying it took songs over.
TAKEN = re.compile(r"^(\S+ \S+) .*taking over (\d+) songs whose process stopped", re.MULTILINE)


class Finals:
    """The messages that have received their files (through an interaction's token or, after
    a takeover, the channel), and how many file edits each got, from new calls only."""

    def __init__(self, standin: DiscordStandIn, interactions: list[Interaction]) -> None:
        self._standin = standin
        self._by_token = {i.token: i for i in interactions}
        self.edits: dict[str, int] = {}  # message id -> file edits
        self._seen = 0

    def count(self) -> int:
        for call in answered_calls(self._standin, self._seen):
            final = call.method == "PATCH" and call.files and call.status == 200  # not a 429
            message = self._message_of(call) if final else None
            if message is not None:
                self.edits[message] = self.edits.get(message, 0) + 1
            self._seen += 1
        return len(self.edits)

    def _message_of(self, call: Call) -> str | None:
        parts = call.path.split("/")
        if "/webhooks/" in call.path:
            interaction = self._by_token.get(parts[5])
            return interaction.original_id if interaction else None
        return parts[-1] if "/channels/" in call.path else None


def answered_calls(standin: DiscordStandIn, seen: int) -> Iterator[Call]:
    """The calls after the first ``seen`` that the stand-in has answered, in order, up to the
    first still in its hands (a call is logged when its body is in, its status set when it is
    answered: one read before that must be read again later, not skipped)."""
    for call in standin.calls[seen:]:
        if not call.status:
            return
        yield call


class Ends:
    """How each song ended as its member sees it, from new calls only: finished (its files
    posted), released before it reached Soundverse (a message with its prompt says to try
    again), or, for the ``killed`` process's songs, never answered ("This interaction failed")."""

    def __init__(
        self, standin: DiscordStandIn, songs: dict[str, Interaction], killed: list[Interaction]
    ) -> None:
        self._interactions = list(songs.values())
        self.finals = Finals(standin, self._interactions)
        self._standin, self._killed = standin, {i.token for i in killed}
        self._prompts = {i.token: prompt for prompt, i in songs.items()}
        self._released: set[str] = set()  # the descriptions of songs told to try again
        self._seen = 0

    def count(self) -> int:
        """Songs at an end: finished, told to try again, or never answered."""
        return self.finals.count() + self.told_to_try_again() + self.never_answered()

    def told_to_try_again(self) -> int:
        for call in answered_calls(self._standin, self._seen):
            said = json.dumps(call.json, ensure_ascii=False) if call.json else ""
            if call.status == 200 and INTERRUPTED in said:
                self._released.add(((call.json.get("embeds") or [{}])[0]).get("description"))
            self._seen += 1
        return sum(self._released_(i) and not shows_done(self._standin, i)
                   for i in self._interactions)  # fmt: skip

    def never_answered(self) -> int:
        killed = (i for i in self._interactions if i.token in self._killed)
        return sum(self._standin.original(i) is None and not self._released_(i) for i in killed)

    def lost(self, at_the_api: set[str]) -> int:
        """Songs at none of these ends; and every song Soundverse took (``at_the_api``: their
        prompts) that did not finish, whatever its member was told, but those of
        :meth:`lost_while_sending`."""
        self.told_to_try_again()  # the newest calls read
        return sum(
            not shows_done(self._standin, i)
            and (self._prompts[i.token] in at_the_api or not self._ended_otherwise(i))
            for i in self._interactions
        ) - self.lost_while_sending(at_the_api)

    def lost_while_sending(self, at_the_api: set[str]) -> int:
        """The killed process's songs Soundverse took but that were released as if it had not:
        killed after Soundverse took the song and before its job id was written, a job that
        Soundverse's API gives no way to find again (no idempotency key, no lookup but by id)."""
        return sum(
            i.token in self._killed and self._released_(i) and not shows_done(self._standin, i)
            and self._prompts[i.token] in at_the_api
            for i in self._interactions
        )  # fmt: skip

    def _ended_otherwise(self, interaction: Interaction) -> bool:
        """Told to try again, or never answered by the killed process."""
        never = interaction.token in self._killed and self._standin.original(interaction) is None
        return self._released_(interaction) or never

    def _released_(self, interaction: Interaction) -> bool:
        return f"> {self._prompts[interaction.token]}" in self._released  # its card's top


async def run(
    url: str, n: int, processes: int, *, rate: float, speed: float, lease: float, kill: bool,
    folder: Path,
) -> dict[str, Any]:  # fmt: skip
    """One run against the (empty) PostgreSQL database at ``url``."""
    async with simulator_process(speed) as sim:
        standin = DiscordStandIn(channels=1, guilds=2 * processes, shards=processes)
        await standin.start()
        try:
            return await _case(
                standin, sim, url, n, processes, rate=rate, lease=lease, kill=kill,
                folder=folder,
            )  # fmt: skip
        finally:
            await standin.close()


async def _case(
    standin: DiscordStandIn, sim: Any, url: str, n: int, count: int, *, rate: float,
    lease: float, kill: bool, folder: Path,
) -> dict[str, Any]:  # fmt: skip
    bots = [
        await start_bot(  # one at a time: the first migrates the database
            token=standin.token, api_url=standin.api_url, gateway_url=standin.gateway_url,
            simulator_url=sim.url, database=url, log=folder / f"bot-{number}.log",
            DISCORD_SHARD_COUNT=str(count), DISCORD_SHARD_IDS=str(number),
            SONG_LEASE_SECONDS=str(lease), LOG_LEVEL="INFO",
        )
        for number in range(count)
    ]  # fmt: skip
    members = [p.user(p.snowflake(), f"member{i}") for i in range(max(1, n // 3))]
    interactions: list[Interaction] = []
    songs: dict[str, Interaction] = {}  # by prompt
    killed_at, killed_wall, victim_unfinished = None, 0.0, []
    began = time.monotonic()
    channels = list(range(len(standin.channel_ids)))
    for i in range(n):
        await asyncio.sleep(max(0.0, began + i / rate - time.monotonic()))
        channel = channels[i % len(channels)]
        interactions.append(await standin.slash(
            "song", {"prompt": f"song {i}"}, user=members[i % len(members)], channel=channel,
        ))  # fmt: skip
        songs[f"song {i}"] = interactions[-1]
        if kill and killed_at is None and i == n // 2:
            bots[1].kill()  # SIGKILL the process of shard 1
            killed_at, killed_wall = time.monotonic(), time.time()
            victim_unfinished = _unfinished_on_shard(standin, interactions, 1, count)
            # its servers' members now get "This interaction failed" from Discord: the rest
            # of the songs are asked on the servers of the processes still running
            world = standin.world
            channels = [c for c in channels if world.shard_of(
                world.guild_of(standin.channel_ids[c]), count) != 1]  # fmt: skip
    # the killed process's servers: no other process answers their interactions
    killed = [i for i in interactions if kill and _shard_of(standin, i, count) == 1]
    ends = Ends(standin, songs, killed)
    finals = ends.finals
    await until_done_or_stuck(standin, ends, n)
    elapsed = time.monotonic() - began
    reports = [await stop_bot(bot) for number, bot in enumerate(bots) if not (kill and number == 1)]
    jobs, listed = await sim.jobs(), await sim.listed()
    result = measure_songs(standin, jobs, interactions) if not kill else {}
    result.pop("peak_in_flight", None)
    takeovers = _takeovers(folder)
    finished = sum(shows_done(standin, i) for i in interactions)
    told, never_answered = ends.told_to_try_again(), ends.never_answered()
    at_the_api = {str(job["request"].get("prompt")) for job in listed}
    result.update({
        "n": n, "processes": count, "lease_seconds": lease, "killed": kill,
        "wall_seconds": elapsed,
        "songs_finished": finished,
        "never_answered": never_answered,
        "told_to_try_again": told,
        "lost_jobs": ends.lost(at_the_api),
        "lost_while_sending": ends.lost_while_sending(at_the_api),
        "songs_posted_twice": sum(edits > 1 for edits in finals.edits.values()),
        "jobs_at_the_api": len(jobs),
        "songs_taken_over": sum(count for _, count in takeovers),
        "cpu_ms_per_song": 1000 * sum(r["cpu_seconds"] for r in reports) / n,
        "peak_rss_mb_per_process": max(r["rss_peak"] for r in reports) / 2**20,
        "loop_lag_p99_ms": max(pct(r["lags"], 0.99) for r in reports) * 1000,
        "discord_429s": len(standin.rate_limited),
    })  # fmt: skip
    if killed_at is not None:
        waits = _takeover_waits(standin, victim_unfinished, killed_at)
        result.update({
            "victim_songs_in_flight": len(victim_unfinished),
            "taken_over_after_s": min((at - killed_wall for at, _ in takeovers), default=-1.0),
            "first_edit_after_p50_s": pct(waits, 0.5),
            "first_edit_after_max_s": max(waits, default=0),
        })  # fmt: skip
    return result


def _takeovers(folder: Path) -> list[tuple[float, int]]:
    """When songs were taken over and how many, as the bots logged it (unix seconds)."""
    logs = (log.read_text() for log in sorted(folder.glob("bot-*.log")))
    return [
        (datetime.strptime(match[1], "%Y-%m-%d %H:%M:%S,%f").astimezone().timestamp(),
         int(match[2]))
        for text in logs for match in TAKEN.finditer(text)
    ]  # fmt: skip


def _unfinished_on_shard(
    standin: DiscordStandIn, interactions: list[Interaction], shard: int, count: int
) -> list[Interaction]:
    """The songs of a shard's servers whose message is posted but not finished yet."""
    return [
        i for i in interactions
        if _shard_of(standin, i, count) == shard
        and standin.original(i) is not None and not shows_done(standin, i)
    ]  # fmt: skip


def _shard_of(standin: DiscordStandIn, interaction: Interaction, count: int) -> int:
    world = standin.world
    return world.shard_of(world.guild_of(interaction.channel_id), count)


def _takeover_waits(
    standin: DiscordStandIn, songs: list[Interaction], killed_at: float
) -> list[float]:
    """Per song of the killed process: seconds from the kill to its message's first edit by
    another process (through the channel: the interaction's token was the dead process's)."""
    waits = []
    for song in songs:
        path = f"/channels/{song.channel_id}/messages/{(standin.original(song) or {}).get('id')}"
        edits = [c.at for c in standin.calls
                 if c.method == "PATCH" and c.at > killed_at and c.path.endswith(path)]  # fmt: skip
        if edits:
            waits.append(min(edits) - killed_at)
    return waits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--processes", type=int, default=3)
    parser.add_argument("--rate", type=float, default=100.0, help="new songs a second")
    parser.add_argument("--speed", type=float, default=4.0, help="simulator speed-up")
    parser.add_argument("--lease", type=float, default=6.0, help="SONG_LEASE_SECONDS")
    parser.add_argument("--kill", action="store_true", help="SIGKILL one process half-way")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, running_cluster() as cluster:
        result = asyncio.run(run(
            cluster.create_database("bench"), args.n, args.processes, rate=args.rate,
            speed=args.speed, lease=args.lease, kill=args.kill, folder=Path(folder),
        ))  # fmt: skip
    if args.json:
        print(json.dumps(result, indent=1))
        return
    for key, value in result.items():
        shown = f"{value:10.2f}" if isinstance(value, float) else f"{value!s:>10}"
        print(f"{key:32} {shown}")


if __name__ == "__main__":
    main()
