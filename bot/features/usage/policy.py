"""A server's limits, its day, and the decision whether a member may start one more song.
Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core import acting
from bot.core.i18n import Said
from bot.core.timestamps import relative
from bot.store.records import Counts, Policy

__all__ = [
    "Counts",
    "Policy",
    "Refusal",
    "ServerDay",
    "allows_channel",
    "check",
    "daily_limit_for",
    "day_bounds",
]


def daily_limit_for(policy: Policy, role_ids: frozenset[int]) -> int | None:
    """The member's daily limit: their most generous role override, else the server's."""
    overrides = [policy.role_daily[r] for r in role_ids if r in policy.role_daily]
    if not overrides:
        return policy.member_daily
    if any(limit is None for limit in overrides):
        return None
    return max(limit for limit in overrides if limit is not None)


def allows_channel(policy: Policy, channel_id: int) -> bool:
    """The channel rule: songs (and lyric sessions) are made only in the server's allowed
    channels, if it names any."""
    return not policy.allowed_channels or channel_id in policy.allowed_channels


@dataclass(frozen=True, slots=True)
class Refusal(acting.Refusal):
    """A limit's refusal; its message may hold Discord timestamps."""

    limit: str  # which limit: blocked, channel, member_daily, cooldown, ...
    resets_at: float | None = None


def day_bounds(now: float, timezone: str) -> tuple[float, float]:
    """Start and end (unix seconds) of the day containing ``now`` in ``timezone``."""
    zone = ZoneInfo(timezone)
    local = datetime.fromtimestamp(now, zone)
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    end = (start + timedelta(days=1, hours=2)).replace(hour=0)  # DST-proof next midnight
    return start.timestamp(), end.timestamp()


@dataclass(frozen=True, slots=True)
class ServerDay:
    """The day containing a moment, in a server's time zone: where the usage figures and
    charts start and end."""

    start: float  # unix seconds of its midnight
    end: float  # of the next midnight
    date: date  # its date there
    utc_offset: float  # seconds the server's clock is ahead of UTC

    @classmethod
    def at(cls, now: float, timezone: str) -> ServerDay:
        start, end = day_bounds(now, timezone)
        local = datetime.fromtimestamp(now, ZoneInfo(timezone))
        offset = local.utcoffset()
        return cls(start, end, local.date(), offset.total_seconds() if offset else 0.0)


def check(
    policy: Policy,
    counts: Counts,
    *,
    now: float,
    channel_id: int,
    role_ids: frozenset[int],
    blocked: bool,
) -> Refusal | None:
    """Why a member may not start a song now, or None when they may."""
    _, day_end = day_bounds(now, policy.timezone)
    if blocked:
        return Refusal("A moderator has paused your song-making on this server.", limit="blocked")
    if not allows_channel(policy, channel_id):
        places = ", ".join(f"<#{c}>" for c in sorted(policy.allowed_channels))
        said = Said("Songs are made in {channels} on this server.", channels=places)
        return Refusal(said, limit="channel")
    daily = daily_limit_for(policy, role_ids)
    if daily is not None and counts.member_today >= daily:
        return Refusal(
            Said("You've made your 1 song for today. More {when}.", when=relative(day_end))
            if daily == 1
            else Said(
                "You've made your {daily} songs for today. More {when}.",
                daily=daily,
                when=relative(day_end),
            ),
            limit="member_daily",
            resets_at=day_end,
        )
    if policy.cooldown_seconds and counts.member_last_at is not None:
        ready = counts.member_last_at + policy.cooldown_seconds
        if now < ready:
            said = Said("Give it a moment: your next song {when}.", when=relative(ready))
            return Refusal(said, limit="cooldown", resets_at=ready)
    if policy.queue_mode == "refuse":
        refusal = _beyond_caps(policy, counts)
    else:
        refusal = _queue_full(policy, counts)
    if refusal is not None:
        return refusal
    if policy.guild_daily is not None and counts.guild_today >= policy.guild_daily:
        return Refusal(
            Said(
                "This server has used its {daily} songs for today. More {when}.",
                daily=policy.guild_daily,
                when=relative(day_end),
            ),
            limit="guild_daily",
            resets_at=day_end,
        )
    return None


def _beyond_caps(policy: Policy, counts: Counts) -> Refusal | None:
    """On a server that refuses beyond its caps, rather than queueing: why not now."""
    if policy.member_concurrent is not None and counts.member_active >= policy.member_concurrent:
        return Refusal(
            "You have 1 song in progress already; wait for it to finish."
            if counts.member_active == 1
            else Said(
                "You have {count} songs in progress already; wait for one to finish.",
                count=counts.member_active,
            ),
            limit="member_concurrent",
        )
    if policy.guild_concurrent is not None and counts.guild_active >= policy.guild_concurrent:
        return Refusal(
            "This server is making as many songs at once as it allows; try again shortly.",
            limit="guild_concurrent",
        )
    return None


def _queue_full(policy: Policy, counts: Counts) -> Refusal | None:
    """On a server that queues: whether there is room in its line."""
    if policy.member_waiting is not None and counts.member_waiting >= policy.member_waiting:
        return Refusal(
            Said(
                "You have {count} songs waiting already; this server allows {limit}. Wait for "
                "one to start.",
                count=counts.member_waiting,
                limit=policy.member_waiting,
            )
            if counts.member_waiting != 1
            else Said(
                "You have 1 song waiting already; this server allows {limit}. Wait for "
                "it to start.",
                limit=policy.member_waiting,
            ),
            limit="member_waiting",
        )
    if policy.guild_waiting is not None and counts.guild_waiting >= policy.guild_waiting:
        return Refusal(
            Said(
                "This server's queue is full ({count} songs waiting); try again when it is "
                "shorter.",
                count=policy.guild_waiting,
            ),
            limit="guild_waiting",
        )
    return None
