"""Listening parties as stored: one row a party, its line (the songs in order) and where it
is, so one party per server holds across processes (a partial unique index) and a party that
was playing when its process stopped is found at the next start. Plain records; what a party
does is the parties feature's."""

from __future__ import annotations

import json
from dataclasses import dataclass

from bot.store.blocks import is_blocked
from bot.store.database import Database
from bot.store.party_songs import PartySongs
from bot.store.sql import Row

_PARTY = (
    "SELECT id, guild_id, voice_channel_id, channel_id, message_id, starter_id, starter_name,"
    " line, position, state, ending, ended_by, locale, created_at FROM parties"
)

Line = tuple[tuple[int, int], ...]  # (generation id, version), in the order they play


@dataclass(frozen=True, slots=True)
class NewParty:
    guild_id: int
    voice_channel_id: int
    channel_id: int  # where its now-playing message is
    starter_id: int
    starter_name: str
    line: Line
    locale: str | None
    created_at: float


@dataclass(frozen=True, slots=True)
class PartyRecord:
    id: int
    guild_id: int
    voice_channel_id: int
    channel_id: int
    message_id: int | None
    starter_id: int
    starter_name: str
    line: Line
    position: int  # the index in ``line`` of the song playing
    state: str  # playing, ended
    ending: str | None
    ended_by: str | None
    locale: str | None
    created_at: float


def _line_json(line: Line) -> str:
    return json.dumps([list(item) for item in line])


def _party(row: Row) -> PartyRecord:
    values = list(row)
    values[7] = tuple((int(g), int(v)) for g, v in json.loads(values[7]))
    return PartyRecord(*values)


class PartyRepository:
    def __init__(self, database: Database) -> None:
        self._db = database
        self.songs = PartySongs(database)

    async def create(self, new: NewParty) -> int | None:
        """The new party's id; None when the server has a party playing already."""
        async with self._db.transaction() as db:
            row = await db.fetchrow(
                "INSERT INTO parties (guild_id, voice_channel_id, channel_id, starter_id,"
                " starter_name, line, locale, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT DO NOTHING RETURNING id",
                (new.guild_id, new.voice_channel_id, new.channel_id, new.starter_id,
                 new.starter_name, _line_json(new.line), new.locale, new.created_at),
            )  # fmt: skip
        return int(row[0]) if row else None

    async def party(self, party_id: int) -> PartyRecord | None:
        async with self._db.reading() as db:
            row = await db.fetchrow(_PARTY + " WHERE id = ?", (party_id,))
        return _party(row) if row else None

    async def playing(self, guild_id: int) -> PartyRecord | None:
        """The server's party playing now (by the store), if any."""
        async with self._db.reading() as db:
            row = await db.fetchrow(
                _PARTY + " WHERE guild_id = ? AND state = 'playing'", (guild_id,)
            )
        return _party(row) if row else None

    async def posted(self, party_id: int, message_id: int) -> None:
        await self._db.write(
            "UPDATE parties SET message_id = ? WHERE id = ?", (message_id, party_id)
        )

    async def moved_on(self, party_id: int, line: Line, position: int) -> None:
        """Its line now (songs added) and the song playing."""
        await self._db.write(
            "UPDATE parties SET line = ?, position = ? WHERE id = ? AND state = 'playing'",
            (_line_json(line), position, party_id),
        )

    async def end(self, party_id: int, ending: str, ended_by: str | None, now: float) -> bool:
        """Ended, and how: True for the one call that ended it."""
        async with self._db.transaction() as db:
            changed = await db.execute(
                "UPDATE parties SET state = 'ended', ending = ?, ended_by = ?, ended_at = ?"
                " WHERE id = ? AND state = 'playing'",
                (ending, ended_by, now, party_id),
            )
        return changed > 0

    async def is_blocked(self, guild_id: int, user_id: int) -> bool:
        return await is_blocked(self._db, guild_id, user_id)
