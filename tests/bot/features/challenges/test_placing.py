"""The podium from the tally: a tie shares its place and the next is skipped, entries out of
the running or without votes are not placed, points per place."""

from __future__ import annotations

from bot.features.challenges.placing import placed, podium
from bot.store.challenges import Entry


def entry(entry_id: int, *, disqualified: str | None = None) -> Entry:
    return Entry(entry_id, 1, 100 + entry_id, f"member {entry_id}", 500 + entry_id,
                 f"song {entry_id}", None, 1.0, disqualified)  # fmt: skip


def test_ties_share_a_place_and_the_next_is_skipped() -> None:
    entries = [entry(n) for n in range(1, 7)] + [entry(7, disqualified="late")]
    tally = {1: 2, 2: 5, 3: 5, 4: 1, 5: 0, 7: 9}
    ranked = placed(entries, tally)
    assert [(p.entry_id, p.place, p.votes, p.points) for p in ranked] == [
        (2, 1, 5, 3), (3, 1, 5, 3), (1, 3, 2, 1), (4, 4, 1, 0),
    ]  # fmt: skip
    assert [p.entry_id for p in podium(ranked)] == [2, 3, 1]
    assert placed(entries, {}) == []
