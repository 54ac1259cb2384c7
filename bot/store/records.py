"""What the store reads for the limits: a server's settings and a member's counts. Data only:
what they allow is decided in :mod:`bot.features.usage.policy`."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Literal

QueueMode = Literal["queue", "refuse"]


@dataclass(frozen=True, slots=True)
class Policy:
    """Every limit a server can set; None means "no limit"."""

    member_daily: int | None = None
    cooldown_seconds: int | None = None
    member_concurrent: int | None = None
    guild_concurrent: int | None = None
    guild_daily: int | None = None
    timezone: str = "UTC"
    role_daily: dict[int, int | None] = field(default_factory=dict)  # None: unlimited
    allowed_channels: frozenset[int] = frozenset()
    queue_mode: QueueMode = "queue"  # beyond the concurrency caps: wait in line, or refuse
    member_waiting: int | None = None  # songs one member may have waiting
    guild_waiting: int | None = None  # songs the server may have waiting
    queue_paused: bool = False  # a moderator paused the server's queue


@dataclass(frozen=True, slots=True)
class Counts:
    member_today: int
    member_active: int
    guild_today: int
    guild_active: int
    member_last_at: float | None
    member_waiting: int = 0
    guild_waiting: int = 0


class SongStatus(enum.StrEnum):
    """Where a song's usage row is; the same words as in the table's ``status`` column."""

    QUEUED = "queued"  # counted against daily limits, waiting for its turn at the API
    RESERVED = "reserved"  # a slot is taken; the API has not accepted the job yet
    RUNNING = "running"  # the API has the job
    COMPLETED = "completed"
    FAILED = "failed"  # ended after the API billed it: it counts against limits
    RELEASED = "released"  # ended before the API billed it: the slot was given back


class Origin(enum.StrEnum):
    """Where a song came from when it was not a plain ``/song``; the ``origin`` column's words."""

    REGENERATE = "regenerate"  # the same request again
    REMIX = "remix"  # a new request built on one of the song's versions
    JAM = "jam"  # the lyrics of a /jam session
    CHALLENGE = "challenge"  # Make an entry, for a song challenge (posted in its thread)
