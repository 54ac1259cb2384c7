"""What a listening party reads of songs: a server's shown songs (finished, not deleted, not
hidden from the gallery) one by one, a lyric session's, a challenge's entries and the
server's recent ones, with who made them and, for a session's song, who wrote its lines.
Plain records; which songs a party plays, and in which order, is the parties feature's."""

from __future__ import annotations

from dataclasses import dataclass

from bot.store.database import Database
from bot.store.gallery import SHOWN
from bot.store.sql import Connection, Row

_SONG = (
    "SELECT id, job_id, song_name, COALESCE(requester, 'a member'), user_id, cover_url,"
    " audio_url_v1, audio_url_v2, channel_id, origin FROM generations"
)
_LIMIT = 50  # the most songs one read returns (a party's line is kept short)


@dataclass(frozen=True, slots=True)
class PartySong:
    generation_id: int
    job_id: str
    name: str | None
    maker_name: str
    maker_id: int
    cover_url: str | None
    audio_urls: dict[int, str]  # version -> the API's permanent file
    lyricists: tuple[str, ...] = ()  # a session's song: who wrote its lines, first first


@dataclass(frozen=True, slots=True)
class Choice:
    """A session or a challenge, as its autocomplete offers it."""

    id: int
    name: str


class PartySongs:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def by_job(self, guild_id: int, job_id: str) -> PartySong | None:
        return await self._one(f"guild_id = ? AND job_id = ? AND {SHOWN}", (guild_id, job_id))

    async def by_name(self, guild_id: int, name: str) -> PartySong | None:
        """The server's newest shown song whose name contains ``name`` (any case)."""
        pattern = "%" + name.lower().replace("\\", "").replace("%", "").replace("_", "") + "%"
        return await self._one(
            f"guild_id = ? AND LOWER(song_name) LIKE ? AND {SHOWN} ORDER BY id DESC",
            (guild_id, pattern),
        )

    async def by_ids(self, guild_id: int, ids: list[int]) -> dict[int, PartySong]:
        """Those of these songs still shown, by id."""
        if not ids:
            return {}
        marks = ", ".join("?" for _ in ids)
        where = f"guild_id = ? AND id IN ({marks}) AND {SHOWN}"
        return {song.generation_id: song for song in await self._many(where, (guild_id, *ids))}

    async def of_session(self, guild_id: int, session_id: int) -> list[PartySong]:
        """A lyric session's songs (made from it, so posted in its thread), oldest first."""
        return await self._many(
            f"guild_id = ? AND origin = 'jam' AND {SHOWN} AND channel_id = (SELECT thread_id"  # noqa: S608 - constant SQL
            " FROM jam_sessions WHERE id = ? AND guild_id = ?) ORDER BY id LIMIT ?",
            (guild_id, session_id, guild_id, _LIMIT),
        )

    async def of_challenge(self, guild_id: int, challenge_id: int) -> list[PartySong]:
        """A challenge's entries not disqualified, in the order they were entered."""
        return await self._many(
            f"guild_id = ? AND {SHOWN} AND id IN (SELECT e.generation_id FROM challenge_entries"  # noqa: S608 - constant SQL
            " AS e JOIN challenges AS c ON c.id = e.challenge_id WHERE e.challenge_id = ?"
            " AND c.guild_id = ? AND e.disqualified IS NULL) ORDER BY id LIMIT ?",
            (guild_id, challenge_id, guild_id, _LIMIT),
        )

    async def recent(self, guild_id: int, limit: int) -> list[PartySong]:
        """The server's newest shown songs, the newest first."""
        return await self._many(
            f"guild_id = ? AND {SHOWN} ORDER BY created_at DESC, id DESC LIMIT ?",
            (guild_id, min(limit, _LIMIT)),
        )

    async def sessions(self, guild_id: int) -> list[Choice]:
        """The server's lyric sessions that made a song, the newest first."""
        return await self._choices(
            "SELECT s.id, s.title FROM jam_sessions AS s WHERE s.guild_id = ? AND EXISTS"
            " (SELECT 1 FROM generations WHERE guild_id = s.guild_id AND origin = 'jam'"
            " AND channel_id = s.thread_id) ORDER BY s.id DESC LIMIT 25",
            guild_id,
        )

    async def challenges(self, guild_id: int) -> list[Choice]:
        """The server's challenges that have entries, the newest first."""
        return await self._choices(
            "SELECT c.id, c.theme FROM challenges AS c WHERE c.guild_id = ? AND EXISTS"
            " (SELECT 1 FROM challenge_entries WHERE challenge_id = c.id)"
            " ORDER BY c.id DESC LIMIT 25",
            guild_id,
        )

    async def _choices(self, sql: str, guild_id: int) -> list[Choice]:
        async with self._db.reading() as db:
            rows = await db.fetch(sql, (guild_id,))
        return [Choice(int(row[0]), str(row[1])) for row in rows]

    async def _one(self, where: str, params: tuple[object, ...]) -> PartySong | None:
        songs = await self._many(f"{where} LIMIT 1", params)
        return songs[0] if songs else None

    async def _many(self, where: str, params: tuple[object, ...]) -> list[PartySong]:
        async with self._db.reading() as db:
            rows = await db.fetch(f"{_SONG} WHERE {where}", params)
            return [await _song(db, row) for row in rows]


async def _song(db: Connection, row: Row) -> PartySong:
    generation_id, job_id, name, maker, maker_id, cover, v1, v2, channel_id, origin = row
    lyricists: tuple[str, ...] = ()
    if origin == "jam":
        authors = await db.fetch(
            "SELECT l.author_name FROM jam_lines AS l JOIN jam_sessions AS s"
            " ON s.id = l.session_id WHERE s.thread_id = ? AND l.status = 'live' ORDER BY l.id",
            (channel_id,),
        )
        lyricists = tuple(dict.fromkeys(str(author) for (author,) in authors))
    urls = {number: url for number, url in ((1, v1), (2, v2)) if url}
    return PartySong(int(generation_id), str(job_id), name, str(maker), int(maker_id), cover,
                     urls, lyricists)  # fmt: skip
