"""The lease keeper: renews this process's leases, stops songs another process took, and
takes over songs whose process stopped (on a real SQLite file, with an injected clock)."""

from __future__ import annotations

import asyncio
from collections.abc import Collection
from pathlib import Path
from typing import Any, cast

import pytest

from bot.core.errors import DatabaseUnavailable
from bot.core.metrics import Metrics
from bot.features.songs.resume import Resumption
from bot.features.songs.supervisor import Supervisor
from bot.features.songs.takeover import Takeover
from bot.features.usage.reservations import Reservations, Reserved
from bot.store import Ask, open_database
from bot.store.leases import LeaseRepository, Owner

LEASE = 30.0


class Waiting:
    def __init__(self) -> None:
        self.ids: set[int] = set()

    def song_ids(self) -> set[int]:
        return self.ids


class Songs:
    """What the keeper uses of the song service: its running and waiting songs, and picking
    songs up."""

    def __init__(self) -> None:
        self.supervisor = Supervisor()
        self.waiting = Waiting()
        self.resumed: list[set[int]] = []

    def held(self) -> set[int]:
        return self.supervisor.song_ids() | self.waiting.ids

    async def resume_unfinished(self, _channel_for: Any, taken: set[int], **_: Any) -> int:
        self.resumed.append(taken)
        self.waiting.ids |= taken  # running here now, as far as the keeper is concerned
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
    keeper = Takeover(mine, cast(Resumption, songs), lambda _c: cast(Any, None),
                      only_process=False, metrics=metrics, clock=lambda: now[0])  # fmt: skip

    async def streaming() -> None:
        await asyncio.Event().wait()

    songs.supervisor.spawn(streaming(), name=f"song-{ours.id}")

    assert await keeper.tick() == 0  # both leases hold
    now[0] += LEASE + 1  # both ran out; the other process comes back first and takes ours
    assert await other.take_over(limit=1) == [ours.id]
    assert await keeper.tick() == 1  # ours is stopped here, theirs taken
    assert songs.supervisor.song_ids() == set()
    assert songs.resumed == [{theirs.id}]
    assert metrics.songs_taken_over._value.get() == 1
    assert keeper.every == LEASE / 3
    await database.close()


class Flaky(LeaseRepository):
    """Leases on a database that can be made out of reach."""

    down = False

    async def renew(self, song_ids: Collection[int]) -> set[int]:
        if self.down:
            raise DatabaseUnavailable("ConnectionRefusedError")
        return await super().renew(song_ids)


async def test_renews_only_what_it_runs_and_after_an_outage_takes_nothing_for_a_lease(
    tmp_path: Path,
) -> None:
    database = await open_database(tmp_path / "songbot.db")
    now = [1000.0]
    mine = Flaky(database, Owner("me", LEASE), lambda: now[0])
    other = LeaseRepository(database, Owner("other", LEASE), lambda: now[0])
    mine_slots = [await Reservations(database, mine.owner).reserve(
        Ask(1, 10, n, frozenset(), "rain", "generated"), now=now[0]) for n in range(3)]  # fmt: skip
    running, waiting, orphan = [s.id for s in mine_slots if isinstance(s, Reserved)]
    songs = Songs()
    keeper = Takeover(mine, cast(Resumption, songs), lambda _c: cast(Any, None),
                      only_process=False, clock=lambda: now[0])  # fmt: skip

    async def streaming() -> None:
        await asyncio.Event().wait()

    songs.supervisor.spawn(streaming(), name=f"song-{running}")
    songs.waiting.ids.add(waiting)
    now[0] += LEASE / 2
    assert await keeper.tick() == 0
    now[0] += LEASE / 2 + 1  # the orphan (its task ended without ending its row) ran out
    assert await keeper.tick() == 1
    assert songs.resumed == [{orphan}]  # picked up again here, to be ended
    [theirs] = [s.id for s in [await Reservations(database, other.owner).reserve(
        Ask(1, 10, 9, frozenset(), "rain", "generated"), now=now[0])]
        if isinstance(s, Reserved)]  # fmt: skip

    mine.down = True  # the database goes away for longer than a lease
    with pytest.raises(DatabaseUnavailable):
        await keeper.tick()
    now[0] += LEASE * 2 / 3
    assert not keeper.hold.held()  # this process stops touching its songs' messages
    now[0] += LEASE
    mine.down = False
    assert await keeper.tick() == 0  # back: its own songs renewed, held again...
    assert keeper.hold.held()
    now[0] += LEASE - 1
    assert await keeper.tick() == 0  # ...but the other's song is left to its process a lease
    now[0] += 1
    assert await keeper.tick() == 1  # the other never came back
    assert songs.resumed[-1] == {theirs}
    await songs.supervisor.stop()
    await database.close()
