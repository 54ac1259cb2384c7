"""Song leases on both backends: held while renewed, taken over once run out or given up,
never by two processes at once."""

from __future__ import annotations

import asyncio

import pytest

from bot.features.usage.reservations import Reservations, Reserved
from bot.store import Ask, Database, GenerationRepository
from bot.store.leases import LeaseRepository, Owner

LEASE = 30.0


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def process(database: Database, name: str, clock: Clock) -> LeaseRepository:
    return LeaseRepository(database, Owner(name, LEASE), clock)


async def reserve(database: Database, owner: Owner, clock: Clock, n: int = 1) -> list[int]:
    reservations = Reservations(database, owner)
    ids = []
    for user in range(n):
        slot = await reservations.reserve(
            Ask(1, 10, user, frozenset(), "rain", "generated"), now=clock.now
        )
        assert isinstance(slot, Reserved)
        ids.append(slot.id)
    return ids


async def test_a_lease_holds_while_renewed_then_passes_to_another(
    database: Database, clock: Clock
) -> None:
    a, b = process(database, "a", clock), process(database, "b", clock)
    [song] = await reserve(database, a.owner, clock)
    assert await b.take_over() == []  # a holds it
    clock.now += LEASE - 1
    assert await a.renew({song}) == {song}
    clock.now += LEASE - 1
    assert await b.take_over() == []  # renewed: still a's
    clock.now += 2
    assert await b.take_over() == [song]  # a stopped renewing
    assert await a.renew({song}) == set()
    assert await a.lost({song}) == {song}
    assert await b.lost({song}) == set()
    assert not await GenerationRepository(database, a.owner).claim(song)  # a can't start it
    assert await GenerationRepository(database, b.owner).claim(song)


async def test_a_clean_stop_lets_others_take_over_at_once(database: Database, clock: Clock) -> None:
    a, b = process(database, "a", clock), process(database, "b", clock)
    songs = await reserve(database, a.owner, clock, n=3)
    await a.release()
    assert await b.take_over() == songs


async def test_finished_songs_are_never_taken(database: Database, clock: Clock) -> None:
    a, b = process(database, "a", clock), process(database, "b", clock)
    [done, running] = await reserve(database, a.owner, clock, n=2)
    await GenerationRepository(database).delivered(done)
    clock.now += LEASE + 1
    assert await b.take_over() == [running]
    assert await process(database, "c", clock).take_over(everything=True) == [running]


async def test_processes_taking_over_at_once_never_take_the_same_song(
    database: Database, clock: Clock
) -> None:
    songs = await reserve(database, Owner("dead", LEASE), clock, n=30)
    clock.now += LEASE + 1
    takers = [process(database, name, clock) for name in ("a", "b", "c")]
    taken = await asyncio.gather(*(t.take_over(limit=12) for t in takers))
    flat = [song for part in taken for song in part]
    assert sorted(flat) == songs  # each once, and all of them


async def test_only_the_songs_a_process_runs_are_renewed(database: Database, clock: Clock) -> None:
    a = process(database, "a", clock)
    [running, orphan] = await reserve(database, a.owner, clock, n=2)
    clock.now += LEASE - 1
    assert await a.renew({running}) == {running}
    assert await a.renew(set()) == set()
    clock.now += 2
    # the row it no longer runs ran out: anyone picks it up, its own process too
    assert await a.take_over() == [orphan]
