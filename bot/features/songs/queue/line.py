"""The queue itself: which songs wait, which run at the API, and when the next one goes.

Every song passes through it, so nobody jumps the line: :meth:`SongQueue.add` starts a song at
once when nothing waits before it and the caps allow, and otherwise keeps it in line. A song's
owner (the song service) hands in a :class:`Ticket`: how to show the song's place, and how to
start it. The queue never touches Discord or the database itself.
"""

from __future__ import annotations

import logging
import math
import time
from collections import deque
from collections.abc import Callable, Iterable

from bot.features.songs.queue.gate import ApiGate, Pause, Why
from bot.features.songs.queue.order import (
    Caps,
    Place,
    Running,
    Turns,
    estimate,
    fair_order,
    startable,
)
from bot.features.songs.queue.render import Standing
from bot.features.songs.queue.ticket import Ticket
from bot.features.songs.queue.timers import Handle, LoopTimers, Timers

log = logging.getLogger(__name__)

REFRESH_EVERY = 5.0  # seconds between updates of the waiting songs' places, at most


class SongQueue:
    def __init__(
        self,
        max_concurrent: int,
        gate: ApiGate,
        *,
        timers: Timers | None = None,
        refresh_every: float = REFRESH_EVERY,
        durations: Iterable[float] = (),
        turns: Turns | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """``turns``: when songs last started (a restarted bot reads them from the database);
        ``clock``: the wall clock songs' arrivals (:attr:`Place.queued_at`) are told in."""
        self.max_concurrent = max_concurrent
        self.gate = gate
        self._timers = timers or LoopTimers()
        self._refresh_every = refresh_every
        self._waiting: dict[int, Ticket] = {}
        self._running: dict[int, Place] = {}
        self._counts = Running()
        self._caps: dict[int, Caps] = {}
        self._order: list[Place] | None = None  # the fair order, until the line changes
        self._probes: set[int] = set()
        self.turns = turns or Turns()
        self._clock = clock
        self._latest = -math.inf  # the latest arrival or start: a start goes behind them all
        self._closed = False
        self._durations: deque[float] = deque(durations, maxlen=50)
        self._refresh: Handle | None = None
        self._refreshed_at = -math.inf
        self._wake: tuple[float, Handle] | None = None
        # told when the API closes (why it did, until when) or opens again (None, its time)
        self.pause_changed: Callable[[Why | None, float], None] = lambda _why, _until: None

    # --- what is in it -------------------------------------------------------------------

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    @property
    def running(self) -> int:
        return self._counts.total

    @property
    def pause(self) -> Pause | None:
        return self.gate.pause

    def order(self) -> list[Place]:
        if self._order is None:
            places = (ticket.place for ticket in self._waiting.values())
            self._order = fair_order(places, self.turns)
        return self._order

    def standing(self, song_id: int) -> Standing | None:
        """Where a waiting song is; None when it is not waiting."""
        for index, place in enumerate(self.order()):
            if place.song_id == song_id:
                return self._standing(index + 1, place)
        return None

    def held(self, guild_id: int) -> bool:
        """Whether a moderator paused the server's queue."""
        return self._caps.get(guild_id, Caps()).paused

    def song_ids(self) -> set[int]:
        """Every song in the queue's hands: waiting (a song sent back too) or at the API."""
        return set(self._waiting) | set(self._running)

    def ticket(self, song_id: int) -> Ticket | None:
        return self._waiting.get(song_id)

    def line(self, guild_id: int) -> list[tuple[int, Ticket]]:
        """A server's waiting songs with their positions in the whole line, first first."""
        return [
            (index + 1, self._waiting[place.song_id])
            for index, place in enumerate(self.order())
            if place.guild_id == guild_id
        ]

    # --- songs coming and going ----------------------------------------------------------

    def set_caps(self, guild_id: int, caps: Caps) -> None:
        """A server's caps or pause changed (or are known now)."""
        if self._caps.get(guild_id) != caps:
            self._caps[guild_id] = caps
            self.pump()
            self._refresh_soon()

    def add(self, ticket: Ticket, caps: Caps, *, wait: bool = True) -> bool:
        """A song joins the line; True if it started at once. Without ``wait`` (a server that
        refuses beyond the caps) a song that cannot start at once is not kept."""
        self._caps[ticket.place.guild_id] = caps
        self._waiting[ticket.place.song_id] = ticket
        self._latest = max(self._latest, ticket.place.queued_at)
        self._order = None
        self.pump()
        started = ticket.place.song_id in self._running
        if not started and not wait:
            del self._waiting[ticket.place.song_id]
            self._order = None
        self._refresh_soon()
        return started

    def remember(self, durations: Iterable[float]) -> None:
        """Recent songs' durations from before a restart, oldest first, for the estimates."""
        self._durations.extendleft(reversed(list(durations)))

    def adopt(self, place: Place) -> None:
        """A song already at the API (picked up after a restart) takes its share of the caps."""
        self._running[place.song_id] = place
        self._counts.add(place.guild_id, place.user_id)

    def cancel(self, song_id: int) -> Ticket | None:
        """Take a waiting song out of the line; None if it is not waiting."""
        ticket = self._waiting.pop(song_id, None)
        if ticket is not None:
            self._order = None
            self._refresh_soon()
        return ticket

    def taken(self, song_id: int) -> None:
        """The API took the song (or answered it): the API is open again, if it was closed."""
        if self.gate.pause is not None:
            log.info("Soundverse takes songs again (song %s); the queue goes on", song_id)
            self.pause_changed(None, self._clock())
        self.gate.taken()
        self._probes.clear()
        self.pump()
        self._refresh_soon()

    def sent_back(self, ticket: Ticket, why: Why, retry_after: float | None = None) -> Pause:
        """The API would not take the song now: it goes back to its place in line, and the
        queue stops sending for a while."""
        self._release(ticket.place.song_id)
        if ticket.turn is not None:
            self.turns.undo(ticket.turn)  # it gets its turn back
        pause = self.refused(ticket.place.song_id, why, retry_after)
        log.info("song %s sent back to the queue (%s); the queue waits until %.0f",
                 ticket.place.song_id, why, pause.until)  # fmt: skip
        self._waiting[ticket.place.song_id] = ticket
        self._order = None
        standing = self.standing(ticket.place.song_id)
        if standing is not None:  # its own message says so at once; the others in turn
            ticket.show(standing)
        self._refresh_soon()
        return pause

    def refused(self, song_id: int, why: Why, retry_after: float | None = None) -> Pause:
        """The API would not take a song: nothing more goes to it for a while."""
        self._probes.discard(song_id)
        before = self.gate.pause
        pause = self.gate.refused(why, retry_after)
        if before is None or before.why is not why:
            self.pause_changed(why, pause.until)
        self._wake_at(pause.until)
        return pause

    def finished(self, song_id: int, seconds: float | None = None) -> None:
        """A song left the API (ended, failed, or was never sent); ``seconds`` from start to
        end when it finished normally, for the estimates."""
        place = self._release(song_id)
        if place is None:
            return
        self.turns.forget_idle(place, self._counts, [t.place for t in self._waiting.values()])
        if song_id in self._probes:
            self._probes.discard(song_id)
            self.gate.ended_otherwise()
        if seconds is not None and seconds >= 0:
            self._durations.append(seconds)
        self.pump()
        self._refresh_soon()

    def try_now(self) -> None:
        """A moderator resumes: if the API was paused, try it again at once."""
        self.gate.try_now()
        self.pump()
        self._refresh_soon()

    # --- starting songs ------------------------------------------------------------------

    def pump(self) -> None:
        """Start every song the caps and the API allow now, in the fair order."""
        if not self._waiting or self._closed:
            return
        room = self.max_concurrent - self._counts.total
        gate_room = self.gate.room()
        if gate_room is not None:
            room = min(room, gate_room)
            if gate_room == 0 and self.gate.pause is not None:
                self._wake_at(self.gate.pause.until)
        if room <= 0:
            return
        chosen = startable(self.order(), self._counts, self._caps, room)
        tickets = []
        for place in chosen:
            ticket = self._waiting.pop(place.song_id)
            tickets.append(ticket)
            self._running[place.song_id] = place
            self._counts.add(place.guild_id, place.user_id)
            self._latest = max(self._clock(), math.nextafter(self._latest, math.inf))
            ticket.turn = self.turns.served(place.guild_id, place.user_id, self._latest)
            if self.gate.pause is not None:
                self._probes.add(place.song_id)
            self.gate.sending()
            ticket.tries += 1
        if chosen:
            self._order = None
        for ticket in tickets:  # after the books are straight: a start may call back at once
            ticket.start()

    def _release(self, song_id: int) -> Place | None:
        place = self._running.pop(song_id, None)
        if place is not None:
            self._counts.remove(place.guild_id, place.user_id)
        return place

    # --- showing places ------------------------------------------------------------------

    def _standing(self, position: int, place: Place) -> Standing:
        caps = self._caps.get(place.guild_id, Caps())
        lanes = self.max_concurrent if caps.guild is None else min(caps.guild, self.max_concurrent)
        return Standing(
            position, len(self._waiting), estimate(position, lanes, list(self._durations)),
            self.gate.pause, held=caps.paused,
        )  # fmt: skip

    def _refresh_soon(self) -> None:
        if self._refresh is not None or not self._waiting:
            return
        when = max(self._timers.now(), self._refreshed_at + self._refresh_every)
        self._refresh = self._timers.call_at(when, self.refresh)

    def refresh(self) -> None:
        """Show every waiting song its place now."""
        self._refresh = None
        self._refreshed_at = self._timers.now()
        for index, place in enumerate(self.order()):
            self._waiting[place.song_id].show(self._standing(index + 1, place))

    def _wake_at(self, when: float) -> None:
        """Pump again when the API's pause is over."""
        if self._wake is not None:
            if self._wake[0] <= when:
                return
            self._wake[1].cancel()
        self._wake = (when, self._timers.call_at(when, self._woken))

    def _woken(self) -> None:
        self._wake = None
        self.pump()
        self._refresh_soon()

    def close(self) -> None:
        """Start nothing more (the bot is stopping; waiting songs keep their rows)."""
        self._closed = True
        for handle in (self._refresh, self._wake[1] if self._wake else None):
            if handle is not None:
                handle.cancel()
        self._refresh = self._wake = None
