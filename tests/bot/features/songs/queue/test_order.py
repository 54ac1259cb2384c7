"""The fair order and who may start, as pure functions."""

from __future__ import annotations

from bot.features.songs.queue.order import (
    Caps,
    Cursor,
    Place,
    Running,
    estimate,
    fair_order,
    startable,
)

A, B = 1, 2  # servers


def places(*who: tuple[int, int]) -> list[Place]:
    """Songs in the order they joined: (server, member) each."""
    return [Place(n, guild, user, float(n)) for n, (guild, user) in enumerate(who, start=1)]


def test_round_robin_across_members_then_first_come() -> None:
    # member 10 floods with four songs; 11 and 12 ask later, once each
    line = places((A, 10), (A, 10), (A, 10), (A, 10), (A, 11), (A, 12))
    order = [p.song_id for p in fair_order(line)]
    assert order == [1, 5, 6, 2, 3, 4]  # 10's first, then the others' firsts, then 10's rest


def test_round_robin_across_servers_first() -> None:
    line = places((A, 10), (A, 11), (A, 12), (B, 20), (B, 20), (A, 10))
    order = [(p.guild_id, p.user_id) for p in fair_order(line)]
    # A's order is 10, 11, 12, 10; B's is 20, 20; the servers take turns
    assert order == [(A, 10), (B, 20), (A, 11), (B, 20), (A, 12), (A, 10)]


def test_fairness_with_three_members_and_two_servers() -> None:
    line = places(
        *[(A, 10)] * 5,
        (A, 11),
        (B, 20),
        (A, 12),
        (B, 20),
        (A, 11),
        (B, 21),
    )
    order = fair_order(line)
    first_of: dict[tuple[int, int], int] = {}
    for index, place in enumerate(order):
        first_of.setdefault((place.guild_id, place.user_id), index)
    # every member's first song is among the first five, whoever flooded
    assert sorted(first_of.values()) == [0, 1, 2, 3, 4]
    assert [p.song_id for p in order][:2] == [1, 7]


def test_the_order_depends_on_the_songs_alone() -> None:
    line = places((A, 10), (B, 20), (A, 10), (A, 11), (B, 21))
    assert fair_order(line) == fair_order(reversed(line))


def test_the_turn_goes_on_from_who_was_served_last() -> None:
    line = places((A, 10), (A, 11), (A, 12), (B, 20))
    cursor = Cursor()
    cursor.served(Place(0, A, 11, 0.0))  # A's member 11 was served last, and A itself
    order = [(p.guild_id, p.user_id) for p in fair_order(line, cursor)]
    assert order == [(B, 20), (A, 12), (A, 10), (A, 11)]


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
