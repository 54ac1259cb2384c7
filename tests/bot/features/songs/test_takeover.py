"""The lease keeper: renews this process's leases, stops songs another process took, and
takes over songs whose process stopped (on a real SQLite file, with an injected clock)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, cast

from bot.core.metrics import Metrics
from bot.features.songs.resume import Resumption
from bot.features.songs.supervisor import Supervisor
from bot.features.songs.takeover import Takeover
from bot.features.usage.reservations import Reservations, Reserved
from bot.store import Ask, open_database
from bot.store.leases import LeaseRepository, Owner

LEASE = 30.0


class Songs:
    """What the keeper uses of the song service: its running tasks, and picking songs up."""

    def __init__(self) -> None:
        self.supervisor = Supervisor()
        self.resumed: list[set[int]] = []

    async def resume_unfinished(self, _channel_for: Any, taken: set[int], **_: Any) -> int:
        self.resumed.append(taken)
        return len(taken)


async def test_takes_over_what_ran_out_and_stops_what_was_taken(tmp_path: Path) -> None:
    database = await open_database(tmp_path / "songbot.db")
    now = [1000.0]
    mine = LeaseRepository(database, Owner("me", LEASE), lambda: now[0])
    other = LeaseRepository(database, Owner("other", LEASE), lambda: now[0])
    ask = Ask(1, 10, 5, frozenset(), "rain", "generated")
    ours = await Reservations(database, mine.owner).reserve(ask, now=now[0])
    theirs = await Reservations(database, other.owner).reserve(ask, now=now[0])
    assert isinstance(ours, Reserved)
    assert isinstance(theirs, Reserved)
    songs, metrics = Songs(), Metrics()
    keeper = Takeover(
        mine,
        cast(Resumption, songs),
        lambda _c: cast(Any, None),
        only_process=False,
        metrics=metrics,
    )

    async def streaming() -> None:
        await asyncio.Event().wait()

    songs.supervisor.spawn(streaming(), name=f"song-{ours.id}")

    assert await keeper.tick() == 0  # both leases hold
    now[0] += LEASE + 1  # both ran out; the other process comes back first and takes ours
    assert await other.take_over() == [ours.id]
    assert await keeper.tick() == 1  # ours is stopped here, theirs taken
    assert songs.supervisor.song_ids() == set()
    assert songs.resumed == [{theirs.id}]
    assert metrics.songs_taken_over._value.get() == 1
    assert keeper.every == LEASE / 3
    await database.close()
