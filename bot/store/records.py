"""What the store reads for the limits: a server's settings and a member's counts. Data only:
what they allow is decided in :mod:`bot.features.usage.policy`."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Literal

QueueMode = Literal["queue", "refuse"]
Period = Literal["day", "week", "month"]
PERIODS: tuple[Period, ...] = ("day", "week", "month")
BudgetScope = Literal["server", "member", "role"]
# the week's first day, as guild_settings.week_start numbers it
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# A song's tokens reckoned before a server has completed songs or a figure of its own. Soundverse
# publishes no prices; this is at the top of what the simulator's songs cost (80 to 500), so a
# new budget errs on the side of refusing, until the server's own median replaces it.
DEFAULT_ESTIMATE = 500


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
    member_weekly: int | None = None  # songs per member per week, and per month
    member_monthly: int | None = None
    guild_weekly: int | None = None  # songs on the server per week, and per month
    guild_monthly: int | None = None
    week_start: int = 0  # the week's first day: 0 Monday … 6 Sunday
    token_estimate: int | None = None  # a moderator's figure, before the server has history
    server_tokens: dict[Period, int] = field(default_factory=dict)  # token budgets, by period
    member_tokens: dict[Period, int] = field(default_factory=dict)  # each member's
    # a role's own budgets per member (None: unlimited); the most generous role wins
    role_tokens: dict[int, dict[Period, int | None]] = field(default_factory=dict)

    @property
    def counts_tokens(self) -> bool:
        """Whether any token budget applies on the server (only then is a song's estimate
        worked out and held)."""
        return bool(self.server_tokens or self.member_tokens or self.role_tokens)

    @property
    def counts_periods(self) -> bool:
        """Whether a weekly or monthly figure is needed (a song count or a token budget)."""
        weekly = (self.member_weekly, self.member_monthly, self.guild_weekly, self.guild_monthly)
        return self.counts_tokens or any(limit is not None for limit in weekly)


@dataclass(frozen=True, slots=True)
class BudgetKey:
    """Which token budget: the server's, each member's, or a role's (per member)."""

    scope: BudgetScope
    period: Period
    role_id: int = 0  # the role's, for scope "role"


@dataclass(frozen=True, slots=True)
class Counts:
    member_today: int
    member_active: int
    guild_today: int
    guild_active: int
    member_last_at: float | None
    member_waiting: int = 0
    guild_waiting: int = 0


@dataclass(frozen=True, slots=True)
class Spent:
    """Songs and tokens in one period (a song not yet completed counts at its estimate)."""

    songs: int = 0
    tokens: int = 0


@dataclass(frozen=True, slots=True)
class PeriodFigures:
    """What the week's and month's limits and every token budget need: the member's and the
    server's songs and tokens in each period, and the estimate a new song holds."""

    member: dict[Period, Spent] = field(default_factory=dict)
    server: dict[Period, Spent] = field(default_factory=dict)
    recent_tokens: tuple[int, ...] = ()  # the server's latest completed songs' totals


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
