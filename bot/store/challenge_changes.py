"""The changes of song challenges: what :class:`bot.store.challenges.ChallengeRepository`
writes, each a plain statement. A state change is a conditional UPDATE that exactly one
transaction wins, in any number of processes."""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractAsyncContextManager

from bot.store.challenge_records import NewChallenge, Placed
from bot.store.database import Database
from bot.store.sql import Connection, guild_lock, one

_SET_SETTING: dict[str, str] = {  # one statement per rule: no SQL is built from a name
    "starter_role_id": "UPDATE challenge_settings SET starter_role_id = ? WHERE guild_id = ?",
    "min_member_days": "UPDATE challenge_settings SET min_member_days = ? WHERE guild_id = ?",
}
SETTING_COLUMNS: tuple[str, ...] = tuple(_SET_SETTING)


def challenge_lock(challenge_id: int) -> str:
    """The lock that serialises one challenge's checked changes across processes."""
    return f"challenge:{challenge_id}"


class ChallengeChanges:
    def __init__(self, database: Database) -> None:
        self._db = database

    @property
    def database(self) -> Database:
        return self._db

    def locked(self, challenge_id: int) -> AbstractAsyncContextManager[Connection]:
        """A transaction no other checked change of this challenge runs beside."""
        return self._db.transaction(lock=challenge_lock(challenge_id))

    def starting(self, guild_id: int) -> AbstractAsyncContextManager[Connection]:
        """A transaction for starting a challenge (the server's rules hold while it runs)."""
        return self._db.transaction(lock=guild_lock(guild_id))

    def ballot(self) -> AbstractAsyncContextManager[Connection]:
        """A vote's transaction: no lock of its own (the challenge's row is held, see
        :meth:`~bot.store.challenges.ChallengeRepository.held`), so votes run side by side."""
        return self._db.transaction()

    @contextlib.asynccontextmanager
    async def _write(
        self, connection: Connection | None, challenge_id: int
    ) -> AsyncIterator[Connection]:
        if connection is not None:
            yield connection
            return
        async with self.locked(challenge_id) as db:
            yield db

    async def create(self, new: NewChallenge, *, connection: Connection) -> int:
        row = one(
            await connection.fetchrow(
                "INSERT INTO challenges (guild_id, channel_id, host_id, host_name, theme, rules,"
                " entries_per_member, created_at, entries_close, voting_close, locale, themes,"
                " theme_index, claim_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " RETURNING id",
                (
                    new.guild_id,
                    new.channel_id,
                    new.host_id,
                    new.host_name,
                    new.theme,
                    new.rules,
                    new.entries_per_member,
                    new.created_at,
                    new.entries_close,
                    new.voting_close,
                    new.locale,
                    new.themes,
                    new.theme_index,
                    new.claim_until,
                ),
            )
        )
        return int(row[0])

    async def announced(self, challenge_id: int, message_id: int, thread_id: int | None) -> None:
        """The announcement is posted (and its thread started): nothing left to post."""
        await self._db.write(
            "UPDATE challenges SET message_id = ?, thread_id = ?, shown = 'entries',"
            " claim_until = NULL WHERE id = ?",
            (message_id, thread_id, challenge_id),
        )

    async def add_entry(  # noqa: PLR0917 - an entry's columns
        self,
        challenge_id: int,
        user_id: int,
        name: str,
        generation_id: int,
        song_name: str | None,
        now: float,
        credited: Sequence[int],
        *,
        disqualified: str | None = None,
        claim_until: float | None = None,
        connection: Connection,
    ) -> int:
        """A new entry; ``claim_until``: the process that will post it holds its post until
        then (so no other process posts it meanwhile)."""
        row = one(
            await connection.fetchrow(
                "INSERT INTO challenge_entries (challenge_id, user_id, name, generation_id,"
                " song_name, created_at, disqualified, claim_until)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    challenge_id,
                    user_id,
                    name,
                    generation_id,
                    song_name,
                    now,
                    disqualified,
                    claim_until,
                ),
            )
        )
        entry_id = int(row[0])
        await connection.execute_many(
            "INSERT INTO challenge_credits (entry_id, user_id) VALUES (?, ?)"
            " ON CONFLICT DO NOTHING",
            [(entry_id, member) for member in {user_id, *credited}],
        )
        return entry_id

    async def claim_entry(self, entry_id: int, now: float, until: float) -> bool:
        """Take the posting of an entry for this process until ``until``, if it is not
        posted and no other process holds a live claim on it: True if taken."""
        async with self._db.transaction() as db:
            changed = await db.execute(
                "UPDATE challenge_entries SET claim_until = ? WHERE id = ?"
                " AND message_id IS NULL AND (claim_until IS NULL OR claim_until <= ?)",
                (until, entry_id, now),
            )
        return changed == 1

    async def entry_posted(self, entry_id: int, message_id: int) -> None:
        """The entry's message is posted; the claim is let go."""
        await self._db.write(
            "UPDATE challenge_entries SET message_id = ?, claim_until = NULL WHERE id = ?",
            (message_id, entry_id),
        )

    async def vote(
        self, challenge_id: int, user_id: int, entry_id: int, at: float, *, connection: Connection
    ) -> None:
        """The member's one vote in the challenge: cast, or moved to ``entry_id``."""
        await connection.execute(
            "INSERT INTO challenge_votes (challenge_id, user_id, entry_id, at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (challenge_id, user_id)"
            " DO UPDATE SET entry_id = excluded.entry_id, at = excluded.at",
            (challenge_id, user_id, entry_id, at),
        )

    async def move(
        self, challenge_id: int, before: str, after: str, *, connection: Connection | None = None
    ) -> bool:
        """``before`` → ``after``, if the challenge is still ``before``: exactly one of any
        number of transactions trying it wins (True)."""
        async with self._write(connection, challenge_id) as db:
            changed = await db.execute(
                "UPDATE challenges SET state = ? WHERE id = ? AND state = ?",
                (after, challenge_id, before),
            )
        return changed == 1

    async def claim(self, challenge_id: int, now: float, until: float) -> bool:
        """Take the posting of the challenge's state for this process until ``until``, if its
        message is not posted and no other process holds a live claim: True if taken."""
        async with self._db.transaction() as db:
            changed = await db.execute(
                "UPDATE challenges SET claim_until = ? WHERE id = ?"
                " AND (shown IS NULL OR shown != state)"
                " AND (claim_until IS NULL OR claim_until <= ?)",
                (until, challenge_id, now),
            )
        return changed == 1

    async def shown_as(self, challenge_id: int, state: str) -> None:
        """The message for ``state`` is posted; the claim is let go."""
        await self._db.write(
            "UPDATE challenges SET shown = ?, claim_until = NULL WHERE id = ?",
            (state, challenge_id),
        )

    async def set_deadlines(
        self,
        challenge_id: int,
        entries_close: float,
        voting_close: float,
        *,
        connection: Connection | None = None,
    ) -> None:
        async with self._write(connection, challenge_id) as db:
            await db.execute(
                "UPDATE challenges SET entries_close = ?, voting_close = ? WHERE id = ?",
                (entries_close, voting_close, challenge_id),
            )

    async def disqualify(self, entry_id: int, reason: str) -> None:
        await self._db.write(
            "UPDATE challenge_entries SET disqualified = ? WHERE id = ?", (reason, entry_id)
        )

    async def save_results(
        self, challenge_id: int, guild_id: int, season: int, placed: Sequence[Placed], *,
        connection: Connection,
    ) -> None:  # fmt: skip
        await connection.execute(
            "UPDATE challenges SET season = ? WHERE id = ?", (season, challenge_id)
        )
        await connection.execute_many(
            "INSERT INTO challenge_results (challenge_id, entry_id, guild_id, season, user_id,"
            " name, place, votes, points) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    challenge_id,
                    p.entry_id,
                    guild_id,
                    season,
                    p.user_id,
                    p.name,
                    p.place,
                    p.votes,
                    p.points,
                )
                for p in placed
            ],
        )

    async def set_settings(
        self, guild_id: int, values: dict[str, int | float | None], *, by: int, change: str
    ) -> None:
        """Store the given rules (None: back to the default), logged as ``change`` by ``by``."""
        unknown = set(values) - set(SETTING_COLUMNS)
        if unknown:
            raise ValueError(f"not a challenge setting: {sorted(unknown)}")
        async with self._db.transaction(lock=guild_lock(guild_id)) as db:
            await self._settings_row(db, guild_id)
            for column, value in values.items():
                await db.execute(_SET_SETTING[column], (value, guild_id))
            await self._log(db, guild_id, by, change)

    async def new_season(self, guild_id: int, *, by: int, change: str) -> int:
        """The server's next season (its number), logged."""
        async with self._db.transaction(lock=guild_lock(guild_id)) as db:
            await self._settings_row(db, guild_id)
            row = one(
                await db.fetchrow(
                    "UPDATE challenge_settings SET season = season + 1 WHERE guild_id = ?"
                    " RETURNING season",
                    (guild_id,),
                )
            )
            await self._log(db, guild_id, by, change.format(season=row[0]))
        return int(row[0])

    async def log_change(self, guild_id: int, by: int, change: str) -> None:
        """A moderator's change to a challenge, in the server's settings log."""
        async with self._db.transaction() as db:
            await self._log(db, guild_id, by, change)

    @staticmethod
    async def _settings_row(db: Connection, guild_id: int) -> None:
        await db.execute(
            "INSERT INTO challenge_settings (guild_id) VALUES (?) ON CONFLICT DO NOTHING",
            (guild_id,),
        )

    @staticmethod
    async def _log(db: Connection, guild_id: int, by: int, change: str) -> None:
        await db.execute(
            "INSERT INTO settings_log (guild_id, user_id, change, at) VALUES (?, ?, ?, ?)",
            (guild_id, by, change, time.time()),
        )
