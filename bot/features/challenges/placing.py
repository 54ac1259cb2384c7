"""The podium from the tally: places by votes, a tie sharing its place (the next place is
skipped, as in any race), and the points each place brings into the season. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.store.challenges import Entry, Placed

POINTS = {1: 3, 2: 2, 3: 1}  # per place on the podium; below it, none


def placed(entries: Sequence[Entry], tally: Mapping[int, int]) -> list[Placed]:
    """The entries in the running with at least one vote, placed: the podium and below."""
    running = [e for e in entries if e.disqualified is None and tally.get(e.id, 0) > 0]
    running.sort(key=lambda e: (-tally[e.id], e.id))
    result: list[Placed] = []
    for index, entry in enumerate(running):
        votes = tally[entry.id]
        tied = result and result[-1].votes == votes
        place = result[-1].place if tied else index + 1
        result.append(
            Placed(entry.id, entry.user_id, entry.name, place, votes, POINTS.get(place, 0))
        )
    return result


def podium(ranked: Sequence[Placed]) -> list[Placed]:
    return [p for p in ranked if p.place <= len(POINTS)]
