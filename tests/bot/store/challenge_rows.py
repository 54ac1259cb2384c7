"""Rows the challenge tests need from elsewhere: a member's finished song, written as the
song path leaves it (a completed song delivered, so a restart's takeover leaves it be)."""

from __future__ import annotations

from bot.store import Database
from bot.store.sql import one


async def finished_song(
    database: Database,
    guild_id: int,
    user_id: int,
    name: str,
    at: float,
    *,
    origin: str | None = None,
    channel_id: int = 2,
    status: str = "completed",
) -> int:
    async with database.transaction() as db:
        row = one(
            await db.fetchrow(
                "INSERT INTO generations (guild_id, channel_id, user_id, status, song_name,"
                " created_at, updated_at, requester, origin, message_id, audio_url_v1,"
                " audio_url_v2, delivered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " RETURNING id",
                (
                    guild_id,
                    channel_id,
                    user_id,
                    status,
                    name,
                    at,
                    at,
                    f"member {user_id}",
                    origin,
                    77,
                    "https://cdn.example/1.mp3",
                    "https://cdn.example/2.mp3",
                    at if status == "completed" else None,
                ),
            )
        )
    return int(row[0])
