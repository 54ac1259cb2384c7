"""The API gate: pauses for 429s, outages and the balance, then one probe at a time."""

from __future__ import annotations

from bot.features.songs.queue.gate import ApiGate, Why


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_open_until_refused_then_one_probe_at_a_time() -> None:
    clock = Clock()
    gate = ApiGate((5, 15), clock=clock)
    assert gate.room() is None
    pause = gate.refused(Why.RATE_LIMITED, retry_after=30)
    assert (pause.why, pause.until) == (Why.RATE_LIMITED, 1030)
    assert gate.room() == 0
    clock.now = 1030
    assert gate.room() == 1
    gate.sending()
    assert gate.room() == 0  # the probe is out
    gate.taken()
    assert gate.room() is None
    assert gate.pause is None


def test_backoff_grows_with_failed_probes_not_with_songs_refused_together() -> None:
    clock = Clock()
    gate = ApiGate((5, 15), clock=clock)
    for _ in range(10):  # ten songs refused at once are one failure
        gate.refused(Why.UNAVAILABLE)
    assert gate.pause is not None
    assert gate.pause.until == 1005
    clock.now = 1005
    gate.sending()
    assert gate.refused(Why.UNAVAILABLE).until == 1020  # the probe failed: the next delay
    clock.now = 1020
    gate.sending()
    assert gate.refused(Why.UNAVAILABLE).until == 1035  # the last delay repeats


def test_balance_waits_for_a_resume() -> None:
    clock = Clock()
    gate = ApiGate((5,), clock=clock, balance_recheck=900)
    assert gate.refused(Why.NO_BALANCE).until == 1900
    gate.try_now()
    assert gate.room() == 1


def test_a_probe_that_ends_otherwise_lets_the_next_one_go() -> None:
    clock = Clock()
    gate = ApiGate(clock=clock)
    gate.refused(Why.UNAVAILABLE)
    clock.now += 60
    gate.sending()
    assert gate.room() == 0
    gate.ended_otherwise()
    assert gate.room() == 1
