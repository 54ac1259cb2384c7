"""The queue in memory: songs in, songs started in the fair order, sent back, cancelled."""

from __future__ import annotations

import asyncio

from bot.features.songs.queue.gate import ApiGate, Why
from bot.features.songs.queue.line import SongQueue, Ticket
from bot.features.songs.queue.order import Caps, Place
from bot.features.songs.queue.render import Standing
from tests.manual_timers import ManualTimers


class Songs:
    """Tickets that record what the queue asked of them."""

    def __init__(self) -> None:
        self.started: list[int] = []
        self.shown: dict[int, Standing] = {}

    def ticket(self, song_id: int, guild: int = 1, user: int = 10) -> Ticket:
        return Ticket(
            Place(song_id, guild, user, float(song_id)),
            show=lambda standing: self.shown.__setitem__(song_id, standing),
            start=lambda: self.started.append(song_id),
        )


def queue(cap: int = 2) -> tuple[SongQueue, ManualTimers]:
    timers = ManualTimers()
    return SongQueue(cap, ApiGate((5,), clock=timers.now), timers=timers), timers


async def test_songs_start_at_once_while_there_is_room_then_wait_in_fair_order() -> None:
    q, timers = queue(cap=2)
    songs = Songs()
    assert q.add(songs.ticket(1, user=10), Caps())
    assert q.add(songs.ticket(2, user=10), Caps())
    for n in (3, 4, 5):
        assert not q.add(songs.ticket(n, user=10), Caps())
    assert not q.add(songs.ticket(6, user=11), Caps())  # another member, later
    await asyncio.sleep(0)  # the first refresh is due at once
    assert songs.shown[6].position == 1  # ahead of the flooder's second, third and fourth
    assert (songs.shown[3].position, songs.shown[3].total) == (2, 4)
    q.finished(1, seconds=40)
    assert songs.started == [1, 2, 6]
    timers.advance(5)
    assert (songs.shown[3].position, songs.shown[5].position) == (1, 3)
    assert songs.shown[3].eta == 40  # a lane frees every 40 s (the one song that finished)
    assert songs.shown[5].eta == 80  # two lanes: the third waits two rounds


async def test_a_sent_back_song_keeps_its_place_and_the_queue_pauses() -> None:
    q, timers = queue(cap=5)
    songs = Songs()
    first = songs.ticket(1)
    q.add(first, Caps())
    pause = q.sent_back(first, Why.RATE_LIMITED, retry_after=30)
    assert pause.until == timers.now() + 30
    assert not q.add(songs.ticket(2, user=11), Caps())  # nothing goes while paused
    assert q.order()[0].song_id == 1
    timers.advance(30)
    assert songs.started == [1, 1]  # the probe: the same song, first in line again
    q.taken(1)
    assert songs.started == [1, 1, 2]  # open again


async def test_refusing_servers_do_not_wait() -> None:
    q, _ = queue(cap=1)
    songs = Songs()
    assert q.add(songs.ticket(1), Caps(), wait=False)
    assert not q.add(songs.ticket(2), Caps(), wait=False)
    assert q.waiting == 0


async def test_cancel_and_caps() -> None:
    q, _ = queue(cap=5)
    songs = Songs()
    q.add(songs.ticket(1), Caps(member=1))
    q.add(songs.ticket(2), Caps(member=1))
    assert songs.started == [1]
    assert q.ticket(2) is not None
    assert q.cancel(2) is not None
    assert q.cancel(2) is None
    q.add(songs.ticket(3), Caps(member=1))
    q.set_caps(1, Caps(member=2))
    assert songs.started == [1, 3]
    q.set_caps(1, Caps(member=9, paused=True))
    q.add(songs.ticket(4, user=12), Caps(member=9, paused=True))
    assert songs.started == [1, 3]
    assert [position for position, _ in q.line(1)] == [1]
    q.close()


async def test_estimates_from_before_a_restart() -> None:
    q, _ = queue(cap=1)
    songs = Songs()
    q.remember([30.0, 50.0, 40.0])
    q.add(songs.ticket(1), Caps())
    q.add(songs.ticket(2, user=11), Caps())
    standing = q.standing(2)
    assert standing is not None
    assert standing.eta == 40  # the median of what was remembered, one lane
