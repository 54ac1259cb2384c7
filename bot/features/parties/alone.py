"""The alone timer: a party ends when the bot has had nobody to play to in its voice channel
for a minute. Pure, on an injected clock: the front end tells it who is listening whenever
voice states change, and asks it which parties' minute is up."""

from __future__ import annotations

from collections.abc import Callable

ALONE_SECONDS = 60.0


class AloneClock:
    def __init__(self, clock: Callable[[], float], seconds: float = ALONE_SECONDS) -> None:
        self._clock = clock
        self._seconds = seconds
        self._since: dict[int, float] = {}  # by server: alone since

    def listeners(self, guild_id: int, count: int) -> None:
        """``count`` members (not bots) are in the party's voice channel now."""
        if count > 0:
            self._since.pop(guild_id, None)
        else:
            self._since.setdefault(guild_id, self._clock())

    def forget(self, guild_id: int) -> None:
        self._since.pop(guild_id, None)

    def up(self) -> list[int]:
        """The servers whose party has been alone for the whole minute."""
        now = self._clock()
        return [guild for guild, since in self._since.items() if now - since >= self._seconds]

    def next_at(self) -> float | None:
        """When the next minute is up, if a party is alone."""
        if not self._since:
            return None
        return min(self._since.values()) + self._seconds
