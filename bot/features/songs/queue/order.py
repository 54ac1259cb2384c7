"""The queue's order and who may start next. Pure.

Fair means round-robin across servers, then across members within a server, then first come
first served. The order is a function of the waiting songs alone (no cursor is remembered), so
a restarted bot rebuilds exactly the same line from the database:

- within a server, a member's k-th waiting song is in round k + (their songs running now);
  rounds go in order, and within a round songs go by their place in line (when they joined);
- across servers, a server's k-th song in its own order is in round k + (its songs running),
  the same way.

One member with ten songs waiting has one in each of ten rounds, so another member's first
song is never behind more than one of theirs (none, if theirs are running already).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Place:
    """A waiting song, as the order sees it."""

    song_id: int
    guild_id: int
    user_id: int
    queued_at: float  # its place in line (kept when the API sends it back)


@dataclass(frozen=True, slots=True)
class Caps:
    """A server's concurrency caps (None: no cap) and whether a moderator paused its queue."""

    member: int | None = None
    guild: int | None = None
    paused: bool = False


def fair_order(waiting: Iterable[Place], running: Running | None = None) -> list[Place]:
    """Every waiting song, in the order the queue starts them."""
    running = running or Running()
    by_guild: dict[int, list[Place]] = defaultdict(list)
    for place in sorted(waiting, key=lambda p: (p.queued_at, p.song_id)):
        by_guild[place.guild_id].append(place)
    ranked: list[tuple[int, float, int, Place]] = []
    for guild_id, places in by_guild.items():
        ahead = running.by_guild[guild_id]
        for guild_round, place in enumerate(_members_in_turn(places, running), start=ahead):
            ranked.append((guild_round, place.queued_at, place.song_id, place))
    ranked.sort(key=lambda r: r[:3])
    return [r[3] for r in ranked]


def _members_in_turn(places: Sequence[Place], running: Running) -> list[Place]:
    """One server's songs (in line order) by member rounds."""
    seen: Counter[int] = Counter()
    ranked = []
    for place in places:
        if place.user_id not in seen:
            seen[place.user_id] = running.by_member[place.guild_id, place.user_id]
        ranked.append((seen[place.user_id], place.queued_at, place.song_id, place))
        seen[place.user_id] += 1
    ranked.sort(key=lambda r: r[:3])
    return [r[3] for r in ranked]


@dataclass(slots=True)
class Running:
    """Songs at the API now, per server and per member."""

    total: int = 0
    by_guild: Counter[int] = field(default_factory=Counter)
    by_member: Counter[tuple[int, int]] = field(default_factory=Counter)

    def copy(self) -> Running:
        return Running(self.total, Counter(self.by_guild), Counter(self.by_member))

    def add(self, guild_id: int, user_id: int) -> None:
        self.total += 1
        self.by_guild[guild_id] += 1
        self.by_member[guild_id, user_id] += 1

    def remove(self, guild_id: int, user_id: int) -> None:
        self.total -= 1
        self.by_guild[guild_id] -= 1
        self.by_member[guild_id, user_id] -= 1
        if not self.by_guild[guild_id]:
            del self.by_guild[guild_id]
        if not self.by_member[guild_id, user_id]:
            del self.by_member[guild_id, user_id]


def may_start(place: Place, running: Running, caps: Caps) -> bool:
    """Whether the server's caps and pause let this song start now."""
    if caps.paused:
        return False
    if caps.guild is not None and running.by_guild[place.guild_id] >= caps.guild:
        return False
    return caps.member is None or running.by_member[place.guild_id, place.user_id] < caps.member


def startable(
    order: Sequence[Place], running: Running, caps: Mapping[int, Caps], room: int
) -> list[Place]:
    """The songs to start now, at most ``room``, first in order first; a song its server's caps
    hold back is passed over (it keeps its place), so it never blocks another server's."""
    chosen: list[Place] = []
    trial = running.copy()
    for place in order:
        if len(chosen) >= room:
            break
        if may_start(place, trial, caps.get(place.guild_id, Caps())):
            chosen.append(place)
            trial.add(place.guild_id, place.user_id)
    return chosen


def estimate(position: int, lanes: int, durations: Sequence[float]) -> float | None:
    """Seconds until the song at ``position`` (1 first) starts, about: each of ``lanes`` songs
    at once frees a lane every typical duration (the median of recent songs). None before any
    song has finished."""
    if not durations or lanes < 1:
        return None
    typical = sorted(durations)[len(durations) // 2]
    return math.ceil(position / lanes) * typical
