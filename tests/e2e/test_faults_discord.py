"""Discord's REST API answering 502 for a while, under three real processes on PostgreSQL:
the songs in flight finish once (discord.py tries each call again), the songs asked meanwhile
(whose answers came too late for Discord) give their slots back, and no task is left waiting,
so every process stops cleanly on SIGTERM."""

from __future__ import annotations

import time

from tests.e2e.test_faults import (
    Faulty,
    cluster,
    each_finished_once,
    faulty,
    songs_in_flight,
    until,
)

__all__ = ["cluster", "faulty"]  # the fixtures, for pytest

NOT_STARTED = (
    "SELECT count(*) FROM generations WHERE status = 'released' AND error_class = 'NotStarted'"
)


async def test_discord_answering_502_for_a_while_leaves_nothing_waiting(faulty: Faulty) -> None:
    songs = await songs_in_flight(faulty, per_server=1)
    standin = faulty.standin
    standin.failing = 502
    asked = [await standin.slash("song", {"prompt": f"during {n}"}, channel=n + 1)
             for n in range(3)]  # fmt: skip
    # Discord's outage outlasts the three seconds these interactions had to be answered in.
    await until(lambda: all(time.monotonic() - a.created > 3.5 for a in asked))
    standin.failing = None
    await each_finished_once(faulty, songs)
    await faulty.until_sql(NOT_STARTED, str(len(asked)))  # their slots given back
    await faulty.rows_ended()
    assert all(standin.original(a) is None for a in asked)  # never answered: Discord's fault
    # (the apology for each can't be answered either, and is logged as unexpected)
    await faulty.stop_cleanly(unexpected=len(asked))
