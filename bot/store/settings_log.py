"""The two writes every change to a server's settings shares, whichever repository makes it:
its ``guild_settings`` row, and the settings log's line of who changed what."""

from __future__ import annotations

import time

from bot.store.sql import Connection


def via(change: str, front_end: str | None) -> str:
    """A settings log entry as written: with the front end it came from, when not Discord."""
    return f"{change} (via {front_end})" if front_end else change


async def log_change(
    db: Connection, guild_id: int, by: int, change: str, front_end: str | None = None
) -> None:
    """Log who changed what, and through which front end (None for Discord); the new row's id
    is the server's new settings version (every reservation reads it, so a change holds at
    once in every process)."""
    await db.execute(
        "INSERT INTO settings_log (guild_id, user_id, change, at) VALUES (?, ?, ?, ?)",
        (guild_id, by, via(change, front_end), time.time()),
    )


async def settings_row(db: Connection, guild_id: int) -> None:
    """The server's settings row, with every default, unless it has one."""
    await db.execute(
        "INSERT INTO guild_settings (guild_id) VALUES (?) ON CONFLICT DO NOTHING", (guild_id,)
    )
