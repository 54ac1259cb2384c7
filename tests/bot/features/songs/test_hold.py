"""Holding a lease as far as this process knows: for two thirds of it after the last renewal
that got through, timed from when it was sent (an injected clock)."""

from __future__ import annotations

import asyncio

import pytest

from bot.features.songs.hold import LeaseHold, LeaseLost
from tests.bot.features.songs.queue.test_gate import Clock

LEASE = 6.0


def test_held_for_two_thirds_of_a_lease_after_the_last_renewal() -> None:
    clock = Clock()
    hold = LeaseHold(LEASE, clock)
    assert hold.held()  # what a process just reserved or took is held
    clock.now += 3.9
    assert hold.held()
    clock.now += 0.1  # 4 s of a 6 s lease: a taker could come within 2 s, clocks apart
    assert not hold.held()
    hold.renewed(clock.now)
    assert hold.held()


def test_a_renewal_counts_from_when_it_was_sent() -> None:
    clock = Clock()
    hold = LeaseHold(LEASE, clock)
    sent = hold.now()
    clock.now += 3.5  # the renewal took long to get through
    hold.renewed(sent)
    clock.now += 0.5
    assert not hold.held()  # 4 s since it was sent
    hold.renewed(sent - 10)  # an older renewal arriving late changes nothing
    assert not hold.held()


def test_one_process_alone_always_holds_its_songs() -> None:
    clock = Clock()
    hold = LeaseHold(None, clock)
    clock.now += 10 * LEASE
    assert hold.held()


async def test_acting_waits_for_the_next_renewal_while_not_held() -> None:
    clock = Clock()
    hold = LeaseHold(LEASE, clock)
    await asyncio.wait_for(hold.acting(1), 1)  # held: at once
    clock.now += LEASE
    acting = asyncio.ensure_future(hold.acting(1))
    await asyncio.sleep(0)  # let it start waiting
    assert not acting.done()
    hold.renewed(clock.now)
    await asyncio.wait_for(acting, 1)


async def test_a_song_another_process_took_is_never_touched_again() -> None:
    clock = Clock()
    hold = LeaseHold(LEASE, clock)
    clock.now += LEASE
    waiting = asyncio.ensure_future(hold.acting(7))
    await asyncio.sleep(0)
    hold.lose({7})
    with pytest.raises(LeaseLost):
        await asyncio.wait_for(waiting, 1)
    hold.renewed(clock.now)
    with pytest.raises(LeaseLost):
        await hold.gate(7)()
    await hold.gate(8)()  # the others carry on
    hold.forget(7)
    await hold.gate(7)()
