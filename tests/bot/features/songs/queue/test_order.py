"""The fair order and who may start, as pure functions; the fairness itself as properties of
random lines (members' and songs' ids in any order, unrelated to when they arrived)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from bot.features.songs.queue.order import (
    Caps,
    Place,
    Running,
    Turns,
    estimate,
    fair_order,
    startable,
)

A, B = 1, 2  # servers


def places(*who: tuple[int, int]) -> list[Place]:
    """Songs in the order they joined: (server, member) each."""
    return [Place(n, guild, user, float(n)) for n, (guild, user) in enumerate(who, start=1)]


@st.composite
def lines(draw: st.DrawFn, guilds: int = 3, members: int = 5) -> list[Place]:
    """Up to 30 songs arriving one after another, each of a random server and member; the
    songs' ids are shuffled against their arrival, and so are the members' ids."""
    size = draw(st.integers(1, 30))
    pairs = st.tuples(st.integers(1, guilds), st.integers(1, members))
    who = draw(st.lists(pairs, min_size=size, max_size=size))
    ids = draw(st.permutations(range(1, size + 1)))
    return [Place(ids[n], g, 1000 - u, float(n)) for n, (g, u) in enumerate(who)]


Key = Callable[[Place], object]  # who takes turns: a member, or a server
Group = Callable[[Place], object]  # among whom: the members of a server, or every server
LEVELS: tuple[tuple[Key, Group], ...] = (
    (lambda p: (p.guild_id, p.user_id), lambda p: p.guild_id),
    (lambda p: p.guild_id, lambda _p: None),
)


def joined(order: list[Place], of: Key) -> dict[object, float]:
    """When each member (or server) joined the line: their first song's arrival."""
    first: dict[object, float] = {}
    for place in sorted(order, key=lambda p: p.queued_at):
        first.setdefault(of(place), place.queued_at)
    return first


@given(lines())
def test_every_song_is_in_the_order_once(line: list[Place]) -> None:
    assert sorted(p.song_id for p in fair_order(line)) == sorted(p.song_id for p in line)


@given(lines(guilds=1), st.data())
def test_with_one_song_each_it_is_first_come_first_served(
    line: list[Place], data: st.DataObject
) -> None:
    firsts = list({p.user_id: p for p in reversed(line)}.values())  # one song per member
    shuffled = data.draw(st.permutations(firsts))
    assert fair_order(shuffled) == sorted(firsts, key=lambda p: p.queued_at)


@given(lines())
def test_nobody_waits_behind_a_later_arrival_who_had_as_many_songs(line: list[Place]) -> None:
    """Members of a server, and servers, take turns in the order they joined: whoever joined
    first has their k-th song start before a later arrival's k-th."""
    order = fair_order(line)
    for of, group in LEVELS:
        arrived = joined(order, of)
        seen: Counter[object] = Counter()
        nth: dict[tuple[object, int], tuple[int, object]] = {}
        for index, place in enumerate(order):
            seen[of(place)] += 1
            nth[of(place), seen[of(place)]] = (index, group(place))
        for (who, k), (index, among) in nth.items():
            for (other, k2), (other_index, other_among) in nth.items():
                if k2 == k and other_among == among and arrived[other] < arrived[who]:
                    assert other_index < index, (other, who, k)


@given(lines())
def test_a_flood_delays_others_by_at_most_one_song_a_turn(line: list[Place]) -> None:
    """Until a member's last song starts, no other member of their server has had more than one
    song more than they have; likewise servers. So a flood delays another member's first song
    by at most one of the flooder's."""
    order = fair_order(line)
    for of, group in LEVELS:
        among = {of(p): group(p) for p in order}
        left = Counter(of(p) for p in order)
        started: Counter[object] = Counter()
        for place in order:
            started[of(place)] += 1
            left[of(place)] -= 1
            for who, songs in left.items():
                if songs and among[who] == group(place):
                    assert started[of(place)] <= started[who] + 1, (of(place), who)


@given(lines(), st.data())
def test_a_started_song_leaves_the_rest_in_order(line: list[Place], data: st.DataObject) -> None:
    """Whatever the past starts, the order is the start order: start the first song (later than
    every arrival) and the rest keep their order, so the positions shown come true."""
    turns = Turns()
    for place in data.draw(st.lists(st.sampled_from(line), max_size=10)):
        turns.served(place.guild_id, place.user_id, data.draw(st.floats(-5, 35)))
    order = fair_order(line, turns)
    for at in range(100, 100 + len(order)):
        first, order = order[0], order[1:]
        turns.served(first.guild_id, first.user_id, float(at))
        line = [p for p in line if p is not first]
        assert fair_order(line, turns) == order


def test_a_member_served_goes_to_the_back_behind_those_who_joined_before() -> None:
    line = places((A, 10), (A, 11), (A, 12), (B, 20))
    turns = Turns()
    turns.served(A, 11, 0.0)  # before everyone joined: no effect
    turns.served(A, 10, 2.5)  # after 11 joined, before 12: 10 goes behind 11, ahead of 12
    order = [(p.guild_id, p.user_id) for p in fair_order(line, turns)]
    assert order == [(A, 11), (B, 20), (A, 10), (A, 12)]  # servers take turns too


def test_round_robin_across_members_in_the_order_they_joined() -> None:
    # member 12 floods with four songs; 11 and 10 ask later, once each
    line = places((A, 12), (A, 12), (A, 12), (A, 12), (A, 11), (A, 10))
    assert [p.song_id for p in fair_order(line)] == [1, 5, 6, 2, 3, 4]


def test_round_robin_across_servers_in_the_order_they_joined() -> None:
    line = places((B, 10), (B, 11), (B, 12), (A, 20), (A, 20), (B, 10))
    order = [(p.guild_id, p.user_id) for p in fair_order(line)]
    assert order == [(B, 10), (A, 20), (B, 11), (A, 20), (B, 12), (B, 10)]


def test_undo_gives_the_turn_back_unless_another_start_came_since() -> None:
    turns = Turns()
    turns.served(A, 10, 1.0)
    first = turns.served(A, 10, 2.0)
    turns.undo(first)
    assert (turns.guilds, turns.members) == ({A: 1.0}, {(A, 10): 1.0})
    first = turns.served(A, 10, 3.0)
    turns.served(A, 11, 4.0)
    turns.undo(first)  # the server's latest start is 11's now
    assert (turns.guilds, turns.members) == ({A: 4.0}, {(A, 10): 1.0, (A, 11): 4.0})
    alone = Turns()
    alone.undo(alone.served(B, 20, 5.0))
    assert (alone.guilds, alone.members) == ({}, {})
    alone.served(B, 20, 0.0)
    alone.served(B, 20, -3.0)  # read back in any order: the latest start counts
    assert (alone.guilds, alone.members) == ({B: 0.0}, {(B, 20): 0.0})


def test_a_capped_member_is_passed_over_not_waited_for() -> None:
    line = fair_order(places((A, 10), (A, 10), (A, 11)))
    running = Running()
    running.add(A, 10)
    chosen = startable(line, running, {A: Caps(member=1)}, room=5)
    assert [p.song_id for p in chosen] == [3]


def test_server_caps_pauses_and_room() -> None:
    line = fair_order(places((A, 10), (A, 11), (B, 20), (B, 21)))
    assert [p.song_id for p in startable(line, Running(), {A: Caps(guild=1)}, room=9)] == [1, 3, 4]
    assert [p.song_id for p in startable(line, Running(), {A: Caps(paused=True)}, room=9)] == [3, 4]
    assert len(startable(line, Running(), {}, room=2)) == 2


def test_estimates() -> None:
    assert estimate(1, 10, []) is None  # nothing finished yet: no guess
    assert estimate(1, 10, [40, 60, 50]) == 50
    assert estimate(11, 10, [40, 60, 50]) == 100
    running = Running()
    running.add(A, 1)
    running.remove(A, 1)
    assert running.total == 0
    assert not running.by_guild
