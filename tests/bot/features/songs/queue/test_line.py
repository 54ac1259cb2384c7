"""The queue in memory: songs in, songs started in the fair order, sent back, cancelled."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from bot.features.songs.queue.gate import ApiGate, Why
from bot.features.songs.queue.line import SongQueue
from bot.features.songs.queue.order import Caps, Place, Turns
from bot.features.songs.queue.render import Standing
from bot.features.songs.queue.ticket import Ticket
from tests.manual_timers import ManualTimers


class Songs:
    """Tickets that record what the queue asked of them, arriving one after another on a wall
    clock that moves on with every arrival and every start."""

    def __init__(self) -> None:
        self.started: list[int] = []
        self.shown: dict[int, Standing] = {}
        self._now = 1_700_000_000.0

    def now(self) -> float:
        self._now += 1
        return self._now

    def ticket(self, song_id: int, guild: int = 1, user: int = 10) -> Ticket:
        return Ticket(
            Place(song_id, guild, user, self.now()),
            show=lambda standing: self.shown.__setitem__(song_id, standing),
            start=lambda: self.started.append(song_id),
        )


def queue(cap: int = 2, songs: Songs | None = None) -> tuple[SongQueue, ManualTimers]:
    timers = ManualTimers()
    clock = (songs or Songs()).now
    return SongQueue(cap, ApiGate((5,), clock=timers.now), timers=timers, clock=clock), timers


async def test_songs_start_at_once_while_there_is_room_then_wait_in_fair_order() -> None:
    songs = Songs()
    q, timers = queue(cap=2, songs=songs)
    assert q.add(songs.ticket(1, user=10), Caps())
    assert q.add(songs.ticket(2, user=10), Caps())
    for n in (3, 4, 5):
        assert not q.add(songs.ticket(n, user=10), Caps())
    assert not q.add(songs.ticket(6, user=11), Caps())  # another member, later
    await asyncio.sleep(0)  # the first refresh is due at once
    assert (songs.shown[3].position, songs.shown[3].total) == (1, 4)  # 10 was in line first
    assert songs.shown[6].position == 2  # then 11, before the flooder's next
    q.finished(1, seconds=40)
    assert songs.started == [1, 2, 3]
    timers.advance(5)
    assert [songs.shown[n].position for n in (6, 4, 5)] == [1, 2, 3]
    assert songs.shown[4].eta == 40  # a lane frees every 40 s (the one song that finished)
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


async def test_the_pause_and_its_end_are_told_once_each() -> None:
    """For the moderators' log: a closed API told with why and until when, again only when
    the reason changes, and its opening once."""
    q, timers = queue(cap=5)
    told: list[tuple[Why | None, float]] = []
    q.pause_changed = lambda why, until: told.append((why, until))
    songs = Songs()
    first = songs.ticket(1)
    q.add(first, Caps())
    q.sent_back(first, Why.UNAVAILABLE)
    timers.advance(5)  # the probe goes, and is refused again for the same reason
    q.sent_back(first, Why.UNAVAILABLE)
    timers.advance(5)
    q.sent_back(first, Why.NO_BALANCE)
    q.try_now()
    q.taken(1)
    assert [why for why, _ in told] == [Why.UNAVAILABLE, Why.NO_BALANCE, None]
    assert told[0][1] == timers.now() - 10 + 5


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


class Idle:
    """Timers that never fire: the simulation below reads the places itself."""

    def now(self) -> float:
        return 0.0

    def call_at(self, _when: float, _callback: Callable[[], None]) -> Idle:
        return self

    def cancel(self) -> None:
        pass


Ask = tuple[int, int]  # a song asked for by (server, member); None: a running song ends
asks = st.tuples(st.integers(1, 2), st.integers(1, 4))
events = st.lists(st.one_of(st.none(), asks), max_size=40)


@given(events, st.integers(1, 3), st.data())
def test_songs_start_in_the_order_shown_and_take_turns_by_arrival(
    happenings: list[Ask | None], cap: int, data: st.DataObject
) -> None:
    """Songs come and go at random (ids in any order): every start is the first place shown
    just before, the rest keep theirs; a song starts ahead of an earlier member's (or server's)
    only once that one had more songs started since the later one joined, and a member (or
    server) gets at most one song more than another waiting one in that time."""
    songs = Songs()
    q = SongQueue(cap, ApiGate(), timers=Idle(), clock=songs.now)
    ids = iter(data.draw(st.permutations(range(1, len(happenings) + 1))))
    whose: dict[int, Place] = {}
    joined: dict[object, float] = {}  # who is in line (has songs waiting) since when
    starts: list[tuple[object, float]] = []  # every start: whose, when
    for happening in happenings:
        shown = [p.song_id for p in q.order()]
        before = len(songs.started)
        if happening is None:
            running = [n for n in songs.started if n not in songs.shown]
            if not running:
                continue
            ended = data.draw(st.sampled_from(running))
            songs.shown[ended] = Standing(0, 0, None, None)  # marks it ended
            q.finished(ended)
        else:
            ticket = songs.ticket(next(ids), *happening)
            whose[ticket.place.song_id] = ticket.place
            for who in _levels(ticket.place):
                joined.setdefault(who, ticket.place.queued_at)
            q.add(ticket, Caps())
        new = songs.started[before:]
        if happening is None:
            assert new == shown[: len(new)]
            assert [p.song_id for p in q.order()] == shown[len(new) :]
        for song_id in new:
            _check_turn(whose[song_id], q, joined, starts, songs.now())
    while running := [n for n in songs.started if n not in songs.shown]:  # all done at last
        songs.shown[running[0]] = Standing(0, 0, None, None)
        q.finished(running[0])
    assert q.turns == Turns()  # nobody in line: no turns kept


def _levels(place: Place) -> tuple[object, object]:
    """Who takes turns: the member in their server, and the server among servers."""
    return (place.guild_id, place.user_id), place.guild_id


def _check_turn(
    place: Place,
    q: SongQueue,
    joined: dict[object, float],
    starts: list[tuple[object, float]],
    at: float,
) -> None:
    waiting = q.order()
    for level, who in enumerate(_levels(place)):
        starts.append((who, at))
        since = joined[who]
        for other in {_levels(p)[level] for p in waiting} - {who}:
            if level == 0 and other[0] != place.guild_id:  # type: ignore[index]
                continue  # members take turns within their server
            after = max(since, joined[other])
            mine = sum(1 for w, t in starts if w == who and t >= after)
            theirs = sum(1 for w, t in starts if w == other and t >= after)
            assert mine <= theirs + 1, ("one song more at most", who, other)
            if joined[other] < since:
                assert theirs > mine - 1, ("a later arrival went first", who, other)
        if not any(_levels(p)[level] == who for p in waiting):
            del joined[who]  # out of the line until their next song
