"""Token budgets (per server, per member, per role), the week's first day and the moderator's
estimate of a song's tokens: a moderator's changes, each logged with who made it. Each method
runs in a transaction of its own holding the server's lock, or in the caller's."""

from __future__ import annotations

from bot.store.records import BudgetKey
from bot.store.settings_log import log_change, settings_row
from bot.store.sql import Connection, Transactions, guild_lock, writing


class BudgetRepository:
    def __init__(self, database: Transactions, *, front_end: str | None = None) -> None:
        self._db = database
        self._front_end = front_end  # None for Discord, "web" for the dashboard

    async def set_budget(
        self,
        guild_id: int,
        by: int,
        key: BudgetKey,
        tokens: int | None,
        describe: str,
        *,
        connection: Connection | None = None,
    ) -> None:
        """Set a budget (``tokens`` None: a role's members are unlimited in that period)."""
        async with writing(self._db, connection, lock=guild_lock(guild_id)) as db:
            await db.execute(
                "INSERT INTO token_budgets (guild_id, scope, role_id, period, tokens)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id, scope, role_id, period)"
                " DO UPDATE SET tokens = excluded.tokens",
                (guild_id, key.scope, key.role_id, key.period, tokens),
            )
            await log_change(db, guild_id, by, describe, self._front_end)

    async def clear_budget(
        self,
        guild_id: int,
        by: int,
        key: BudgetKey,
        describe: str,
        *,
        connection: Connection | None = None,
    ) -> bool:
        """Whether there was such a budget (only then is the change logged)."""
        async with writing(self._db, connection, lock=guild_lock(guild_id)) as db:
            removed = await db.execute(
                "DELETE FROM token_budgets WHERE guild_id = ? AND scope = ? AND role_id = ?"
                " AND period = ?",
                (guild_id, key.scope, key.role_id, key.period),
            )
            if removed:
                await log_change(db, guild_id, by, describe, self._front_end)
        return bool(removed)

    async def set_week_start(
        self,
        guild_id: int,
        by: int,
        weekday: int,
        describe: str,
        *,
        connection: Connection | None = None,
    ) -> None:
        """The week's first day: 0 Monday … 6 Sunday."""
        await self._set(
            _WEEK_START, guild_id, by, weekday, describe=describe, connection=connection
        )

    async def set_estimate(
        self,
        guild_id: int,
        by: int,
        tokens: int | None,
        describe: str,
        *,
        connection: Connection | None = None,
    ) -> None:
        """The moderator's estimate of a song's tokens (None: the bot's default)."""
        await self._set(_ESTIMATE, guild_id, by, tokens, describe=describe, connection=connection)

    async def _set(
        self,
        statement: str,
        guild_id: int,
        by: int,
        value: int | None,
        *,
        describe: str,
        connection: Connection | None,
    ) -> None:
        """One of the server's settings, its row made if need be, and the log's line."""
        async with writing(self._db, connection, lock=guild_lock(guild_id)) as db:
            await settings_row(db, guild_id)
            await db.execute(statement, (value, guild_id))
            await log_change(db, guild_id, by, describe, self._front_end)


_WEEK_START = "UPDATE guild_settings SET week_start = ? WHERE guild_id = ?"
_ESTIMATE = "UPDATE guild_settings SET token_estimate = ? WHERE guild_id = ?"
