"""Discord's rate limits, as the dashboard's reads with the bot's token meet them: each route
and server is a bucket whose size Discord tells in its answers' headers
(``X-RateLimit-Remaining``, ``X-RateLimit-Reset-After``), not in its documentation. A read
that would empty a bucket already empty waits for it to refill, if that is soon; else it is
not sent (the caller says "try again in a moment"). Either way Discord never has to answer
429, which would count against the bot's invalid requests. discord.py does this for the bot;
the web process has no discord.py client to lend it, hence these few lines."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

MAX_WAIT = 5.0  # seconds a moderator's click may wait for a bucket; beyond, "try again"
MAX_BUCKETS = 10_000  # buckets kept; the refilled ones are dropped beyond it


@dataclass(slots=True)
class _Bucket:
    remaining: int
    reset_at: float  # on the monotonic clock
    lock: asyncio.Lock


class Buckets:
    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}

    async def turn(self, key: str) -> bool:
        """Wait, if need be and not long, until ``key``'s bucket has room: whether it has.
        Call it holding :meth:`lock` for the key, and :meth:`heard` with the answer."""
        bucket = self._buckets.get(key)
        if bucket is None or bucket.remaining > 0:
            return True
        wait = bucket.reset_at - self._clock()
        if wait > MAX_WAIT:
            return False
        if wait > 0:
            await asyncio.sleep(wait)
        return True

    def lock(self, key: str) -> asyncio.Lock:
        """One read at a time per bucket, so that two do not both take its last place."""
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= MAX_BUCKETS:
                now = self._clock()
                self._buckets = {k: b for k, b in self._buckets.items() if b.reset_at > now}
            bucket = self._buckets[key] = _Bucket(1, 0.0, asyncio.Lock())
        return bucket.lock

    def heard(self, key: str, status: int, headers: Mapping[str, str]) -> None:
        """What Discord's answer says of the bucket (a 429's ``Retry-After`` too)."""
        bucket = self._buckets.get(key)
        if bucket is None:
            return
        try:
            remaining = int(headers.get("X-RateLimit-Remaining", "1"))
            after = float(headers.get("X-RateLimit-Reset-After", "0"))
            if status == 429:
                remaining, after = 0, float(headers.get("Retry-After", after or 1))
        except ValueError:  # a header we cannot read: assume room, as before
            return
        bucket.remaining, bucket.reset_at = remaining, self._clock() + after
