"""Rows the party tests need: finished songs with job ids (as the song path leaves them), a
lyric session's, a challenge's entries, a song hidden from the gallery."""

from __future__ import annotations

from bot.store import Database
from bot.store.sql import one
from tests.bot.store.challenge_rows import finished_song

GUILD, CHANNEL, THREAD = 1, 2, 3


async def song(database: Database, name: str, *, user: int = 11, **where: object) -> str:
    """A finished song of this server: its job id (``job-<id>``)."""
    generation_id = await finished_song(database, GUILD, user, name, 1000.0, **where)  # type: ignore[arg-type]
    job_id = f"job-{generation_id}"
    await database.write("UPDATE generations SET job_id = ? WHERE id = ?", (job_id, generation_id))
    return job_id


async def hide(database: Database, job_id: str) -> None:
    await database.write("UPDATE generations SET hidden_at = 1 WHERE job_id = ?", (job_id,))


async def session(database: Database, lyricists: list[str]) -> int:
    """A lyric session held in :data:`THREAD`, with a line by each of ``lyricists``."""
    async with database.transaction() as db:
        row = one(await db.fetchrow(
            "INSERT INTO jam_sessions (guild_id, channel_id, thread_id, host_id, host_name,"
            " title, mode, state, created_at, active_at) VALUES (?, ?, ?, 11, 'Ana', 'Harbour',"
            " 'open', 'open', 1, 1) RETURNING id", (GUILD, CHANNEL, THREAD),
        ))  # fmt: skip
        for n, name in enumerate(lyricists):
            await db.execute(
                "INSERT INTO jam_lines (session_id, section, position, text, author_id,"
                " author_name, status, created_at) VALUES (?, 'verse-1', ?, 'la', ?, ?, 'live', 1)",
                (row[0], n, 20 + n, name),
            )
    return int(row[0])


async def challenge(database: Database, job_ids: list[str], disqualified: str) -> int:
    """A challenge with these songs entered, ``disqualified`` taken out of the vote."""
    async with database.transaction() as db:
        row = one(await db.fetchrow(
            "INSERT INTO challenges (guild_id, channel_id, host_id, host_name, theme,"
            " entries_per_member, created_at, entries_close, voting_close) VALUES"
            " (?, ?, 10, 'Mod', 'rain', 5, 1, 2, 3) RETURNING id", (GUILD, CHANNEL),
        ))  # fmt: skip
        for job_id in job_ids:
            await db.execute(
                "INSERT INTO challenge_entries (challenge_id, user_id, name, generation_id,"
                " song_name, created_at, disqualified) SELECT ?, user_id, 'x', id, song_name, 1,"
                " ? FROM generations WHERE job_id = ?",
                (row[0], "off theme" if job_id == disqualified else None, job_id),
            )
    return int(row[0])
