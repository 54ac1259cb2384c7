"""The queue's order and who may start next. Pure.

Fair, as members read it: servers take turns, and within each server its members take turns,
each rotation in the order they joined the line. One whose song starts goes to the back of the
rotation (if more of theirs wait), behind everyone who joined before that. So with one song
each the line is first come, first served, and one member's ten songs get one per turn:
another member's first song waits behind at most one of theirs (and a server's line behind at
most one song of each other server).

Where a member (or a server) stands in its rotation follows from two times: when they joined
the line (their oldest waiting song's arrival) and when their last song started
(:class:`Turns`); the later of the two is their place. Both are in the database (the songs'
``queued_at`` and ``started_at``), so a restarted bot rebuilds the same order. The order is the
queue's future as it stands: who starts first, second, ... if nothing changes.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

K = TypeVar("K")


@dataclass(frozen=True, slots=True)
class Place:
    """A waiting song, as the order sees it."""

    song_id: int
    guild_id: int
    user_id: int
    queued_at: float  # when it joined the line, unix seconds (kept when the API sends it back)


@dataclass(frozen=True, slots=True)
class Caps:
    """A server's concurrency caps (None: no cap) and whether a moderator paused its queue."""

    member: int | None = None
    guild: int | None = None
    paused: bool = False


@dataclass(frozen=True, slots=True)
class Served:
    """One start, as :meth:`Turns.served` recorded it: enough to take it back."""

    guild_id: int
    user_id: int
    at: float
    guild_before: float | None
    member_before: float | None


@dataclass(slots=True)
class Turns:
    """When each server's and each member's song last started (unix seconds)."""

    guilds: dict[int, float] = field(default_factory=dict)
    members: dict[tuple[int, int], float] = field(default_factory=dict)

    def served(self, guild_id: int, user_id: int, at: float) -> Served:
        """A song of this member started at ``at``: they, and their server, go to the back.
        Starts may come in any order (a restart reads them back): the latest counts."""
        member = (guild_id, user_id)
        before = Served(guild_id, user_id, at, self.guilds.get(guild_id), self.members.get(member))
        self.guilds[guild_id] = _later(at, before.guild_before)
        self.members[member] = _later(at, before.member_before)
        return before

    def undo(self, served: Served) -> None:
        """That song did not start after all (the API sent it back): the turn is theirs again,
        unless another start came since."""
        _restore(self.guilds, served.guild_id, served.at, served.guild_before)
        _restore(self.members, (served.guild_id, served.user_id), served.at, served.member_before)

    def forget_idle(self, place: Place, running: Running, waiting: Iterable[Place]) -> None:
        """Once ``place``'s member (or server) has nothing waiting or running, their last start
        decides nothing (their next song arrives after it): it goes, so the turns stay as small
        as the line."""
        member, guild_id, waiting = (place.guild_id, place.user_id), place.guild_id, list(waiting)
        if not running.by_member[member] and all(
            (p.guild_id, p.user_id) != member for p in waiting
        ):
            self.members.pop(member, None)
        if not running.by_guild[guild_id] and all(p.guild_id != guild_id for p in waiting):
            self.guilds.pop(guild_id, None)


def _later(at: float, before: float | None) -> float:
    return at if before is None else max(at, before)


def _restore(times: dict[K, float], key: K, at: float, before: float | None) -> None:
    if times.get(key) != at:
        return
    if before is None:
        del times[key]
    else:
        times[key] = before


def fair_order(waiting: Iterable[Place], turns: Turns | None = None) -> list[Place]:
    """Every waiting song, in the order the queue would start them."""
    turns = turns or Turns()
    songs: dict[int, dict[int, deque[Place]]] = defaultdict(lambda: defaultdict(deque))
    for place in sorted(waiting, key=_arrival):
        songs[place.guild_id][place.user_id].append(place)
    rotations: dict[int, deque[int]] = {}
    servers: dict[int, tuple[Place, float | None]] = {}  # each server's oldest song, last start
    for guild_id, by_member in songs.items():
        firsts = {user_id: line[0] for user_id, line in by_member.items()}
        started = {user_id: turns.members.get((guild_id, user_id)) for user_id in firsts}
        rotations[guild_id] = _rotation({u: (firsts[u], started[u]) for u in firsts})
        servers[guild_id] = (min(firsts.values(), key=_arrival), turns.guilds.get(guild_id))
    guilds = _rotation(servers)
    order: list[Place] = []
    while guilds:
        guild_id = guilds.popleft()
        members = rotations[guild_id]
        user_id = members.popleft()
        line = songs[guild_id][user_id]
        order.append(line.popleft())
        if line:
            members.append(user_id)  # served: to the back, behind everyone already in line
        if members:
            guilds.append(guild_id)
    return order


def _arrival(place: Place) -> tuple[float, int]:
    return place.queued_at, place.song_id


def _rotation(who: Mapping[int, tuple[Place, float | None]]) -> deque[int]:
    """Members (or servers) in turn: each by the later of when they joined the line (their
    oldest waiting song) and when their last song started; ties by that oldest song."""

    def place_in_turn(key: int) -> tuple[float, float, int]:
        oldest, started = who[key]
        joined = _arrival(oldest)
        return (joined[0] if started is None else max(joined[0], started), *joined)

    return deque(sorted(who, key=place_in_turn))


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
    hold back is passed over (it keeps its place), so it never blocks another's."""
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
