"""Challenge votes a second on one server, on a real SQLite file or a real PostgreSQL server
(a throwaway cluster started for the run), under concurrency.

Each vote is what a Vote button does with the database: the entry, its challenge, the
server's rules, whether the member is paused or credited, then the challenge's row held while
the vote is checked and written (one transaction). Every member votes at once, then every
member moves their vote (the second write of the same row).

    python -m benchmarks.votes [--members 2000] [--entries 20] [--concurrency 100]
                               [--backend sqlite|postgresql] [--json]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.reservations import in_parallel, latency_summary, on_backend, print_result
from bot.core.acting import Actor, Done, Place
from bot.features.challenges.opening import Start, Starts
from bot.features.challenges.outcomes import Started
from bot.features.challenges.voting import Votes
from bot.store import open_database
from bot.store.challenges import ChallengeRepository
from tests.bot.store.challenge_rows import finished_song

GUILD, CHANNEL = 1, 2
HOST = Actor(1, "Host", moderator=True)


async def _voting_challenge(
    repo: ChallengeRepository, entries: int, now: float
) -> tuple[int, list[int]]:
    """A challenge in its voting phase with ``entries`` entries: its id and theirs."""
    started = await Starts(repo, lambda: now).start(HOST, Place(GUILD, CHANNEL), Start("bench"))
    if not isinstance(started, Started):
        raise TypeError(f"not started: {started}")
    challenge_id = started.challenge.id
    ids = []
    for n in range(entries):
        user = 10 + n  # entrants are not among the voters
        song = await finished_song(repo.database, GUILD, user, f"entry {n}", now)
        async with repo.locked(challenge_id) as db:
            ids.append(await repo.add_entry(challenge_id, user, f"member {user}", song,
                                            f"entry {n}", now, (), connection=db))  # fmt: skip
    await repo.move(challenge_id, "entries", "voting")
    return challenge_id, ids


async def run(
    members: int, entries: int, concurrency: int, url: str | None = None
) -> dict[str, Any]:
    """Phase 1: every member votes at once. Phase 2: every member moves their vote."""
    now = time.time()
    joined = now - 90 * 86400  # old enough to vote
    with tempfile.TemporaryDirectory() as folder:
        database = await open_database(url or Path(folder) / "bench.db")
        try:
            repo = ChallengeRepository(database)
            challenge_id, ids = await _voting_challenge(repo, entries, now)
            votes = Votes(repo, lambda: now)
            voters = [Actor(100_000 + n, f"voter {n}", joined_at=joined) for n in range(members)]

            def voting(shift: int) -> Any:
                async def vote(n: int) -> None:
                    done = await votes.vote(voters[n], ids[(n + shift) % entries])
                    if not isinstance(done, Done):
                        raise TypeError(f"refused: {done}")

                return vote

            began = time.perf_counter()
            cast = await in_parallel(list(range(members)), concurrency, voting(0))
            middle = time.perf_counter()
            moved = await in_parallel(list(range(members)), concurrency, voting(1))
            ended = time.perf_counter()
            tally = await repo.tally(challenge_id)
        finally:
            await database.close()
    if sum(tally.values()) != members:
        raise AssertionError(f"{sum(tally.values())} votes counted of {members}")
    return {
        "backend": database.backend,
        "members": members,
        "entries": entries,
        "concurrency": concurrency,
        **latency_summary("vote", cast, middle - began),
        **latency_summary("move", moved, ended - middle),
        "votes_per_second_overall": 2 * members / (ended - began),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--entries", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=100)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = on_backend(
        args.backend, lambda url: run(args.members, args.entries, args.concurrency, url)
    )
    print_result(result, as_json=args.json)


if __name__ == "__main__":
    main()
