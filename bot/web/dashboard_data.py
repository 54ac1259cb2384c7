"""What the moderators' dashboard shows of a server, read in one consistent read, and the
use cases its forms change it through (the same ones ``/songadmin`` uses)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from bot.features.challenges.rules import Rules as ChallengeRules
from bot.features.jam.rules import Rules as SessionRules
from bot.features.jam.settings import SessionSettings
from bot.features.moderation.service import ServerSettings
from bot.features.songs.queue_admin import QueueAdmin
from bot.features.usage.policy import ServerDay
from bot.features.usage.spending import ServerSpending, server_spending
from bot.store.challenges import ChallengeRepository
from bot.store.dashboard import (
    ChallengeRow,
    DashboardRepository,
    OpenSession,
    Spend,
    WaitingRow,
)
from bot.store.database import Database
from bot.store.jams import JamRepository
from bot.store.moderation import Block, LogEntry, ModerationRepository
from bot.store.modlog import LogChannel
from bot.store.records import Policy

DAYS = 30  # the charts' days
TOP = 10  # members in the chart
CHANGES = 10  # settings log entries shown


class LiveQueue:
    """The bot's queue, once a bot runs in the dashboard's process (``WEB_PORT``): waiting
    songs live in that process's memory, so only there can they be cancelled, and a pause
    take effect at once. ``holds``: whether a server's songs wait in this process (its
    shard is here)."""

    def __init__(self) -> None:
        self.admin: QueueAdmin | None = None
        self.holds: Callable[[int], bool] = lambda _guild_id: True

    def attach(self, admin: QueueAdmin, holds: Callable[[int], bool]) -> None:
        self.admin, self.holds = admin, holds

    async def settings_changed(self, guild_id: int) -> None:
        if self.admin is not None:
            await self.admin.settings_changed(guild_id)


@dataclass(frozen=True, slots=True)
class Desk:
    """The dashboard's use cases and reads, built for the web (the log notes "via web")."""

    moderation: ModerationRepository
    settings: ServerSettings
    sessions: SessionSettings
    jams: JamRepository
    challenges: ChallengeRepository
    reads: DashboardRepository
    queue: LiveQueue | None
    clock: Callable[[], float] = time.time

    def live_queue(self, guild_id: int) -> QueueAdmin | None:
        queue = self.queue
        return queue.admin if queue is not None and queue.holds(guild_id) else None

    @classmethod
    def of(cls, database: Database, queue: LiveQueue | None = None) -> Desk:
        """The use cases on ``database``, writing "via web" in the settings log; a pause or
        new caps reach ``queue`` when there is one here."""
        moderation = ModerationRepository(database, front_end="web")
        jams = JamRepository(database)
        changed = queue.settings_changed if queue is not None else _nothing
        return cls(
            moderation, ServerSettings(moderation, settings_changed=changed),
            SessionSettings(jams, front_end="web"), jams, ChallengeRepository(database),
            DashboardRepository(database), queue,
        )  # fmt: skip


async def _nothing(_guild_id: int) -> None:
    """No queue in this process: the bots read a server's settings as its songs join."""


@dataclass(frozen=True, slots=True)
class Overview:
    policy: Policy
    blocks: list[Block]
    changes: list[LogEntry]
    sessions_rules: SessionRules
    challenge_rules: ChallengeRules
    visibility: str
    days: list[Spend]  # every day of the last DAYS, oldest first
    members: list[Spend]  # the top spenders of the last DAYS
    sessions: list[OpenSession]
    challenges: list[ChallengeRow]
    waiting: list[WaitingRow]  # from the database (the line's order where the queue is here)
    live_queue: bool  # pause, resume and cancel act on the queue at once
    spending: ServerSpending  # the server's budgets, counted as the reservation counts
    log_channel: LogChannel | None  # the moderators' log, and why it stopped if it did

    @property
    def tokens(self) -> int:
        return sum(day.tokens for day in self.days)

    @property
    def songs(self) -> int:
        return sum(day.songs for day in self.days)


async def overview(desk: Desk, guild_id: int) -> Overview:
    """Everything the dashboard shows of the server, read together."""
    reads = desk.reads
    async with desk.moderation.reading() as db:
        policy = await desk.moderation.policy(guild_id, connection=db)
        now = desk.clock()
        day = ServerDay.at(now, policy.timezone)
        since = day.start - (DAYS - 1) * 86400
        found = await reads.days(guild_id, since=since, utc_offset=day.utc_offset, connection=db)
        members = await reads.members(guild_id, since=since, top=TOP, connection=db)
        blocks = await desk.moderation.blocks(guild_id, connection=db)
        changes = await desk.moderation.recent_changes(guild_id, CHANGES, connection=db)
        jam = await desk.jams.settings(guild_id, connection=db)
        challenge = await desk.challenges.settings(guild_id, connection=db)
        visibility = await reads.visibility(guild_id, connection=db)
        sessions = await reads.sessions(guild_id, connection=db)
        challenges = await reads.challenges(guild_id, connection=db)
        waiting = await reads.waiting(guild_id, connection=db)
        spending = await server_spending(db, policy, guild_id, now=now)
        log_channel = await desk.moderation.log_channels.channel(guild_id, connection=db)
    by_day = {spend.key: spend for spend in found}
    dates = [(day.date - timedelta(days=back)).isoformat() for back in range(DAYS - 1, -1, -1)]
    days = [by_day.get(date, Spend(date, date, 0, 0)) for date in dates]
    live = desk.live_queue(guild_id)
    if live is not None:  # the line's own order, as the queue will start them
        order = {entry.song_id: n for n, entry in enumerate(live.line(guild_id, 0))}
        waiting.sort(key=lambda row: order.get(row.id, len(order)))
    return Overview(
        policy, blocks, changes, SessionRules.of(jam), ChallengeRules.of(challenge), visibility,
        days, members, sessions, challenges, waiting, live_queue=live is not None,
        spending=spending, log_channel=log_channel,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float


def bars(values: list[tuple[str, int]], *, width: float = 600, height: float = 120) -> list[Bar]:
    """Columns for an inline SVG chart (attributes, not styles: the pages' CSP allows no
    inline style), scaled to the tallest; a day with nothing keeps a hairline."""
    top = max((value for _, value in values), default=0) or 1
    step = width / max(len(values), 1)
    return [
        Bar(label, value, x=i * step + step * 0.1, y=height - max(value / top * height, 1),
            width=step * 0.8, height=max(value / top * height, 1))
        for i, (label, value) in enumerate(values)
    ]  # fmt: skip
