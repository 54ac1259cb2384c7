"""The reservation's steps over ``generations``: the figures the limits need and the new
song's row, written once for both backends. The transaction that runs them, with the pure
check between, is :mod:`bot.features.usage.reservations`."""

from __future__ import annotations

from bot.store.leases import Owner
from bot.store.records import Counts, SongStatus
from bot.store.song_records import Ask
from bot.store.sql import Steps, query

# A generation counts against limits unless it ended before the API billed it.
COUNTED = (
    "(status IN ('queued', 'reserved', 'running', 'completed')"
    " OR (status = 'failed' AND billed = 1))"
)
ACTIVE = "status IN ('reserved', 'running')"


def insert_reserved(
    ask: Ask,
    now: float,
    *,
    queued: bool = True,
    owner: Owner | None = None,
    reserved_tokens: int | None = None,
) -> Steps[int]:
    """A new song row, in the queue (or reserved at once where the server refuses beyond its
    caps), its lease held by ``owner``: its id. Steps of the reservation's transaction; the
    queue takes a song out (:meth:`GenerationRepository.claim`) when its turn comes, which is
    at once when nothing is waiting and the caps allow. ``reserved_tokens``: the estimate it
    holds against token budgets until it completes."""
    rows = yield from query(
        "INSERT INTO generations (guild_id, channel_id, user_id, prompt, lyrics_source,"
        " request, requester, parent_id, origin, status, created_at, updated_at, queued_at,"
        " locale, owner, lease_until, reserved_tokens)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " RETURNING id",
        (
            ask.guild_id,
            ask.channel_id,
            ask.user_id,
            ask.prompt,
            ask.lyrics_source,
            ask.request,
            ask.requester,
            ask.parent_id,
            ask.origin,
            SongStatus.QUEUED if queued else SongStatus.RESERVED,
            now,
            now,
            now,
            ask.locale,
            owner and owner.name,
            owner and now + owner.seconds,
            reserved_tokens,
        ),
    )
    return int(rows[0][0])


COUNTS = (
    f"SELECT"  # noqa: S608 - constant fragments only; values are parameters
    f" (SELECT COUNT(*) FROM generations WHERE guild_id = :guild AND user_id = :user"
    f"   AND created_at >= :day AND {COUNTED}),"
    f" (SELECT COUNT(*) FROM generations WHERE guild_id = :guild AND user_id = :user"
    f"   AND {ACTIVE}),"
    f" (SELECT COUNT(*) FROM generations WHERE guild_id = :guild AND created_at >= :day"
    f"   AND {COUNTED}),"
    f" (SELECT COUNT(*) FROM generations WHERE guild_id = :guild AND {ACTIVE}),"
    f" (SELECT created_at FROM generations WHERE guild_id = :guild AND user_id = :user"
    f"   AND {COUNTED} ORDER BY created_at DESC LIMIT 1),"
    f" EXISTS (SELECT 1 FROM blocked_members WHERE guild_id = :guild AND user_id = :user),"
    f" (SELECT COALESCE(MAX(id), 0) FROM settings_log WHERE guild_id = :guild),"
    f" (SELECT COUNT(*) FROM generations WHERE guild_id = :guild AND user_id = :user"
    f"   AND status = 'queued'),"
    f" (SELECT COUNT(*) FROM generations WHERE guild_id = :guild AND status = 'queued')"
)  # the counts of today's songs read the partial indexes of migration 0010 alone


def counts(ask: Ask, day_start: float) -> Steps[tuple[Counts, bool, int]]:
    """Every figure the limits need, whether the member is blocked, and the server's settings
    version (its newest settings_log id): one query whose parts each use an index. Steps of
    the reservation's transaction."""
    rows = yield from query(COUNTS, {"user": ask.user_id, "guild": ask.guild_id, "day": day_start})
    row = rows[0]
    figures = Counts(
        int(row[0]), int(row[1]), int(row[2]), int(row[3]), row[4], int(row[7]), int(row[8])
    )
    return figures, bool(row[5]), int(row[6])
