"""The minute alone, on a clock the test moves."""

from __future__ import annotations

from bot.features.parties.alone import AloneClock


def test_a_party_alone_for_a_minute_is_up_and_a_listener_resets_it() -> None:
    now = [100.0]
    alone = AloneClock(lambda: now[0])
    alone.listeners(1, 2)
    assert alone.next_at() is None
    alone.listeners(1, 0)
    now[0] += 30
    alone.listeners(1, 0)  # still alone: the minute counts from the first time
    assert alone.next_at() == 160.0
    now[0] += 29.9
    assert alone.up() == []
    now[0] += 0.1
    assert alone.up() == [1]
    alone.listeners(1, 1)
    assert alone.up() == []
    assert alone.next_at() is None
    alone.listeners(2, 0)
    alone.forget(2)
    assert alone.next_at() is None
