"""The queue's order and who may start next. Pure.

Fair means round-robin across servers, then across members within a server, then first come
first served: after a song of server S by member M starts, the next goes to the next server
after S (in a fixed rotation) and, within each server, to the next member after the last one
served there. The order is the queue's future as it stands: who starts first, second, ... if
nothing changes. It depends on the waiting songs and on who was served last (the
:class:`Cursor`), which a restarted bot reads back from the songs' start times, so the line
keeps its order across a restart.

One member with ten songs waiting gets one song per turn of their server, so another member's
first song waits for at most one of theirs.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict, deque
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


@dataclass(slots=True)
class Cursor:
    """Who was served last: the server, and in each server the member."""

    guild_id: int | None = None
    members: dict[int, int] = field(default_factory=dict)

    def served(self, place: Place) -> None:
        self.guild_id = place.guild_id
        self.members[place.guild_id] = place.user_id

    def undo(self, place: Place, guild_id: int | None, user_id: int | None) -> None:
        """``place`` did not get its turn after all: back to who was served before it."""
        if self.guild_id == place.guild_id:
            self.guild_id = guild_id
        if self.members.get(place.guild_id) == place.user_id:
            if user_id is None:
                self.members.pop(place.guild_id, None)
            else:
                self.members[place.guild_id] = user_id


def fair_order(waiting: Iterable[Place], cursor: Cursor | None = None) -> list[Place]:
    """Every waiting song, in the order the queue would start them."""
    cursor = cursor or Cursor()
    songs: dict[int, dict[int, deque[Place]]] = defaultdict(lambda: defaultdict(deque))
    for place in sorted(waiting, key=lambda p: (p.queued_at, p.song_id)):
        songs[place.guild_id][place.user_id].append(place)
    turns = {
        guild_id: _rotation(sorted(members), cursor.members.get(guild_id))
        for guild_id, members in songs.items()
    }
    guilds = _rotation(sorted(songs), cursor.guild_id)
    order: list[Place] = []
    while guilds:
        guild_id = guilds.popleft()
        members = turns[guild_id]
        user_id = members.popleft()
        line = songs[guild_id][user_id]
        order.append(line.popleft())
        if line:
            members.append(user_id)
        if members:
            guilds.append(guild_id)
    return order


def _rotation(keys: list[int], last: int | None) -> deque[int]:
    """``keys`` (sorted) in turn, starting after ``last``."""
    if last is None:
        return deque(keys)
    after = [k for k in keys if k > last]
    return deque(after + [k for k in keys if k <= last])


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
