"""Whether a moderator paused a member on a server (``/songadmin block``): the one read of
``blocked_members`` that sessions and challenges share (the limit check reads it inside its
own statement, :mod:`bot.store.reservation_steps`)."""

from __future__ import annotations

from bot.store.sql import Connection, Transactions, one, reading


async def is_blocked(
    database: Transactions, guild_id: int, user_id: int, *, connection: Connection | None = None
) -> bool:
    async with reading(database, connection) as db:
        row = one(
            await db.fetchrow(
                "SELECT EXISTS (SELECT 1 FROM blocked_members WHERE guild_id = ? AND user_id = ?)",
                (guild_id, user_id),
            )
        )
    return bool(row[0])
