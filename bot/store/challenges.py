"""Song challenges (/challenge): challenges, entries, votes, results and each server's rules
and season.

One repository, its changes in :mod:`bot.store.challenge_changes`. Each method takes an
optional ``connection``: given one (from :meth:`ChallengeRepository.locked`,
:meth:`ChallengeRepository.starting` or :meth:`ChallengeRepository.ballot`), it runs inside
that transaction, so a use case checks and writes in one; without one, it reads on its own.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager

from bot.store.blocks import is_blocked
from bot.store.challenge_changes import ChallengeChanges
from bot.store.challenge_records import (
    Challenge,
    ChallengeSettings,
    Entry,
    FinishedSong,
    NewChallenge,
    Placed,
    Standing,
    challenge_of,
    entry_of,
)
from bot.store.sql import Connection, Row, one, reading

__all__ = [
    "Challenge",
    "ChallengeRepository",
    "ChallengeSettings",
    "Entry",
    "FinishedSong",
    "NewChallenge",
    "Placed",
    "Standing",
]

_CHALLENGE = (
    "SELECT id, guild_id, channel_id, thread_id, message_id, host_id, host_name, theme, rules,"
    " entries_per_member, created_at, entries_close, voting_close, state, shown, claim_until,"
    " season, themes, theme_index, locale FROM challenges"
)
_ENTRY = (
    "SELECT id, challenge_id, user_id, name, generation_id, song_name, message_id, created_at,"
    " disqualified, claim_until FROM challenge_entries"
)
# A finished song as an entry needs it; "this server, this member, since" is added after.
_FINISHED = (
    "SELECT id, user_id, COALESCE(requester, 'a member'), song_name, channel_id, message_id,"
    " created_at, origin, cover_url, audio_url_v1, audio_url_v2 FROM generations"
    " WHERE status = 'completed' AND deleted_at IS NULL"
)

_MADE = (
    f"{_FINISHED} AND origin = 'challenge' AND channel_id = ? AND created_at < ?"  # noqa: S608
    " AND id NOT IN (SELECT generation_id FROM challenge_entries WHERE challenge_id = ?)"
    " ORDER BY id"
)


def _finished(row: Row) -> FinishedSong:
    generation_id, user_id, name, song_name, channel_id, message_id, at, origin, cover, *urls = row
    return FinishedSong(generation_id, user_id, name, song_name, channel_id, message_id, at,
                        origin, tuple(url for url in urls if url), cover)  # fmt: skip


class ChallengeRepository(ChallengeChanges):
    """The challenges' reads and each server's rules; the changes are
    :class:`ChallengeChanges`'."""

    def _read(self, connection: Connection | None) -> AbstractAsyncContextManager[Connection]:
        return reading(self._db, connection)

    async def challenge(
        self, challenge_id: int, *, connection: Connection | None = None
    ) -> Challenge | None:
        async with self._read(connection) as db:
            row = await db.fetchrow(_CHALLENGE + " WHERE id = ?", (challenge_id,))
        return challenge_of(row) if row else None

    async def held(self, challenge_id: int, *, connection: Connection) -> Challenge | None:
        """The challenge, its row held against a state change until ``connection``'s
        transaction ends (a vote counts in the tally, or is refused once voting closed)."""
        sql = _CHALLENGE + " WHERE id = ?" + self._share
        row = await connection.fetchrow(sql, (challenge_id,))
        return challenge_of(row) if row else None

    @property
    def _share(self) -> str:
        # SQLite runs one write transaction at a time: nothing can change the row meanwhile.
        return "" if self._db.dialect.name == "sqlite" else " FOR SHARE"

    async def live(self, guild_id: int) -> list[Challenge]:
        """A server's challenges taking entries or votes, the newest first."""
        async with self._db.reading() as db:
            rows = await db.fetch(
                _CHALLENGE + " WHERE guild_id = ? AND state IN ('entries', 'voting')"
                " ORDER BY id DESC",
                (guild_id,),
            )
        return [challenge_of(row) for row in rows]

    async def latest(self, guild_id: int) -> Challenge | None:
        async with self._db.reading() as db:
            row = await db.fetchrow(
                _CHALLENGE + " WHERE guild_id = ? AND state != 'cancelled' ORDER BY id DESC",
                (guild_id,),
            )
        return challenge_of(row) if row else None

    async def pending(self) -> list[Challenge]:
        """Every challenge with a deadline ahead or a message still to post, on every server."""
        async with self._db.reading() as db:
            rows = await db.fetch(
                _CHALLENGE + " WHERE state IN ('entries', 'voting')"
                " OR shown IS NULL OR shown != state ORDER BY id"
            )
        return [challenge_of(row) for row in rows]

    async def entries(
        self, challenge_id: int, *, connection: Connection | None = None
    ) -> list[Entry]:
        async with self._read(connection) as db:
            rows = await db.fetch(_ENTRY + " WHERE challenge_id = ? ORDER BY id", (challenge_id,))
        return [entry_of(row) for row in rows]

    async def entry(self, entry_id: int, *, connection: Connection | None = None) -> Entry | None:
        async with self._read(connection) as db:
            row = await db.fetchrow(_ENTRY + " WHERE id = ?", (entry_id,))
        return entry_of(row) if row else None

    async def credited(
        self, entry_id: int, user_id: int, *, connection: Connection | None = None
    ) -> bool:
        """Whether the member entered this entry or wrote lines for it."""
        async with self._read(connection) as db:
            row = one(
                await db.fetchrow(
                    "SELECT EXISTS (SELECT 1 FROM challenge_credits"
                    " WHERE entry_id = ? AND user_id = ?)",
                    (entry_id, user_id),
                )
            )
        return bool(row[0])

    async def finished_songs(
        self, guild_id: int, user_id: int, since: float, *, connection: Connection | None = None
    ) -> list[FinishedSong]:
        """A member's finished songs on a server since ``since``, the newest first."""
        async with self._read(connection) as db:
            rows = await db.fetch(
                _FINISHED + " AND guild_id = ? AND user_id = ? AND created_at >= ?"
                " ORDER BY id DESC LIMIT 25",
                (guild_id, user_id, since),
            )
        return [_finished(row) for row in rows]

    async def finished_song(
        self, guild_id: int, generation_id: int, *, connection: Connection | None = None
    ) -> FinishedSong | None:
        async with self._read(connection) as db:
            row = await db.fetchrow(
                _FINISHED + " AND guild_id = ? AND id = ?", (guild_id, generation_id)
            )
        return _finished(row) if row else None

    async def made_for(self, challenge: Challenge) -> tuple[list[FinishedSong], int]:
        """The songs made with Make an entry (posted in the challenge's thread) before entries
        closed: the finished ones not entered yet, and how many are still being made."""
        async with self._db.reading() as db:
            rows = await db.fetch(
                _MADE,
                (challenge.thread_id, challenge.entries_close, challenge.id),
            )
            making = one(
                await db.fetchrow(
                    "SELECT COUNT(*) FROM generations WHERE origin = 'challenge'"
                    " AND channel_id = ? AND created_at < ?"
                    " AND status IN ('queued', 'reserved', 'running')",
                    (challenge.thread_id, challenge.entries_close),
                )
            )
        return [_finished(row) for row in rows], int(making[0])

    async def lyricists(self, thread_id: int, *, connection: Connection | None = None) -> list[int]:
        """Everyone with a line on the sheet of the lyric session held in this thread."""
        async with self._read(connection) as db:
            rows = await db.fetch(
                "SELECT DISTINCT l.author_id FROM jam_lines AS l"
                " JOIN jam_sessions AS s ON s.id = l.session_id"
                " WHERE s.thread_id = ? AND l.status = 'live' ORDER BY l.author_id",
                (thread_id,),
            )
        return [int(row[0]) for row in rows]

    async def vote_of(
        self, challenge_id: int, user_id: int, *, connection: Connection | None = None
    ) -> int | None:
        """The entry the member votes for, if any."""
        async with self._read(connection) as db:
            row = await db.fetchrow(
                "SELECT entry_id FROM challenge_votes WHERE challenge_id = ? AND user_id = ?",
                (challenge_id, user_id),
            )
        return int(row[0]) if row else None

    async def tally(
        self, challenge_id: int, *, connection: Connection | None = None
    ) -> dict[int, int]:
        """Votes per entry still in the running (entries without votes: 0)."""
        async with self._read(connection) as db:
            rows = await db.fetch(
                "SELECT e.id, COUNT(v.user_id) FROM challenge_entries AS e"
                " LEFT JOIN challenge_votes AS v ON v.entry_id = e.id"
                " WHERE e.challenge_id = ? AND e.disqualified IS NULL GROUP BY e.id",
                (challenge_id,),
            )
        return {int(entry_id): int(votes) for entry_id, votes in rows}

    async def results(self, challenge_id: int) -> list[Placed]:
        async with self._db.reading() as db:
            rows = await db.fetch(
                "SELECT entry_id, user_id, name, place, votes, points FROM challenge_results"
                " WHERE challenge_id = ? ORDER BY place, entry_id",
                (challenge_id,),
            )
        return [Placed(*row) for row in rows]

    async def leaderboard(self, guild_id: int, season: int, limit: int = 10) -> list[Standing]:
        async with self._db.reading() as db:
            rows = await db.fetch(
                "SELECT user_id, MAX(name), SUM(points),"
                " COUNT(*) FILTER (WHERE place = 1) FROM challenge_results"
                " WHERE guild_id = ? AND season = ? GROUP BY user_id"
                " ORDER BY SUM(points) DESC, user_id LIMIT ?",
                (guild_id, season, limit),
            )
        return [Standing(int(u), str(n), int(p), int(w)) for u, n, p, w in rows]

    async def settings(
        self, guild_id: int, *, connection: Connection | None = None
    ) -> ChallengeSettings:
        async with self._read(connection) as db:
            row = await db.fetchrow(
                "SELECT starter_role_id, min_member_days, season FROM challenge_settings"
                " WHERE guild_id = ?",
                (guild_id,),
            )
        return ChallengeSettings(*row) if row else ChallengeSettings()

    async def is_blocked(
        self, guild_id: int, user_id: int, *, connection: Connection | None = None
    ) -> bool:
        return await is_blocked(self._db, guild_id, user_id, connection=connection)
