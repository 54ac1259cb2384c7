"""Whether the queue may send songs to the API now: the API's own limits, for the whole bot.

Open, it sends as many as the caps allow. A 429 closes it for the ``Retry-After`` (or the next
backoff delay without one), an outage for the next backoff delay, insufficient balance until
a moderator resumes it or a slow recheck comes. Once the time has come it lets one song
through at a time (a probe), and opens when the API takes one: one probe at a time, never a
retry loop per song. The clock is injected, so tests move time instead of waiting.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass


class Why(enum.StrEnum):
    RATE_LIMITED = "rate_limited"
    UNAVAILABLE = "unavailable"
    NO_BALANCE = "no_balance"


@dataclass(frozen=True, slots=True)
class Pause:
    why: Why
    until: float  # unix seconds: when the next song is tried


DEFAULT_DELAY = 10.0  # seconds, when no backoff delays are set
BALANCE_RECHECK = 15 * 60.0  # seconds between tries while the balance is out


class ApiGate:
    def __init__(
        self,
        delays: Sequence[float] = (),
        *,
        clock: Callable[[], float] = time.time,
        balance_recheck: float = BALANCE_RECHECK,
    ) -> None:
        self._delays = tuple(delays) or (DEFAULT_DELAY,)
        self._clock = clock
        self._balance_recheck = balance_recheck
        self.pause: Pause | None = None
        self._failures = 0
        self._probing = 0

    def room(self) -> int | None:
        """How many songs may go to the API now: None for as many as the caps allow."""
        if self.pause is None:
            return None
        if self._probing or self._clock() < self.pause.until:
            return 0
        return 1

    def sending(self) -> None:
        """A song goes to the API (while closed, it is the probe)."""
        if self.pause is not None:
            self._probing += 1

    def taken(self) -> None:
        """The API took a song, or answered it (it is up and not limiting): open."""
        self.pause = None
        self._failures = 0
        self._probing = 0

    def ended_otherwise(self) -> None:
        """A song sent while closed ended without telling either way (the probe is over)."""
        self._probing = max(0, self._probing - 1)

    def refused(self, why: Why, retry_after: float | None = None) -> Pause:
        """The API would not take a song now: closed, until when."""
        was_probe = self._probing > 0
        self._probing = max(0, self._probing - 1)
        now = self._clock()
        if self.pause is None or was_probe:  # many songs refused at once are one failure
            self._failures += 1
        if why is Why.NO_BALANCE:
            delay = self._balance_recheck
        else:
            delay = self._delays[min(self._failures, len(self._delays)) - 1]
            if why is Why.RATE_LIMITED and retry_after is not None:
                delay = max(retry_after, 0.0)
        until = now + delay
        if self.pause is not None and self.pause.why is why and not was_probe:
            until = max(until, self.pause.until)
        self.pause = Pause(why, until)
        return self.pause

    def try_now(self) -> None:
        """A moderator asks to try again now (after topping up the balance, say)."""
        if self.pause is not None:
            self.pause = Pause(self.pause.why, min(self.pause.until, self._clock()))
