"""What the web gallery reads of songs and sessions, and the two things it writes (a song
hidden from it, a play). Plain data: who may see what is decided in
:mod:`bot.features.gallery.access`."""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from typing import Any

from bot.soundverse import LyricsSection
from bot.soundverse.events import parse_lyrics_sections
from bot.store.database import Database
from bot.store.jams import JamLine, JamMember, JamRepository, JamSession
from bot.store.sql import Connection, Params

# A song the gallery shows: finished, not deleted, not hidden. Written as the partial indexes
# of migration 0012 say it, to the letter, so that SQLite uses them.
SHOWN = "status = 'completed' AND deleted_at IS NULL AND hidden_at IS NULL"
_COLUMNS = (
    "id, guild_id, channel_id, user_id, job_id, song_name, prompt, requester, created_at,"
    " message_id, cover_url, audio_url_v1, audio_url_v2, duration_v1, duration_v2, plays,"
    " origin, parent_id"
)
_LETTERS = re.compile(r"[\W_]+")
PAGE_LIMIT = 100  # the most songs one read returns


@dataclass(frozen=True, slots=True)
class GallerySong:
    id: int
    guild_id: int
    channel_id: int
    user_id: int
    job_id: str
    song_name: str | None
    prompt: str | None
    requester: str | None
    created_at: float
    message_id: int | None
    cover_url: str | None
    audio_url_v1: str | None
    audio_url_v2: str | None
    duration_v1: float | None
    duration_v2: float | None
    plays: int
    origin: str | None
    parent_id: int | None


@dataclass(frozen=True, slots=True)
class SongPage:
    """One song with what its page shows besides: lyrics, parent, the session it came from."""

    song: GallerySong
    lyrics: list[LyricsSection] | None
    parent: GallerySong | None  # None when unknown or no longer shown
    parent_name: str | None
    session_id: int | None
    lyricists: list[str]  # who wrote the session's lines, first line first


@dataclass(frozen=True, slots=True)
class SessionPage:
    session: JamSession
    lines: list[JamLine]
    members: list[JamMember]
    songs: list[GallerySong]


@dataclass(frozen=True, slots=True)
class Query:
    """Which of a server's shown songs, in which order, after which one (a cursor)."""

    guild_id: int
    words: tuple[str, ...] = ()  # each must start a word of the name, prompt or member
    user_id: int | None = None
    by_plays: bool = False
    after: tuple[int, int] | None = None  # (plays, id) of the last song of the page before
    limit: int = 24


class GalleryRepository:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def servers(self, guild_ids: list[int]) -> dict[int, str]:
        """Of these servers, those the bot is in (its shards record them), with their
        visibility."""
        if not guild_ids:
            return {}
        marks = ", ".join("?" for _ in guild_ids)
        async with self._db.reading() as db:
            rows = await db.fetch(
                "SELECT bot_guilds.guild_id, COALESCE(guild_settings.gallery, 'off')"  # noqa: S608 - marks only
                " FROM bot_guilds LEFT JOIN guild_settings"
                " ON guild_settings.guild_id = bot_guilds.guild_id"
                f" WHERE bot_guilds.guild_id IN ({marks})",
                guild_ids,
            )
        return {int(guild_id): str(visibility) for guild_id, visibility in rows}

    async def visibility(self, guild_id: int) -> str:
        async with self._db.reading() as db:
            row = await db.fetchrow(
                "SELECT gallery FROM guild_settings WHERE guild_id = ?", (guild_id,)
            )
        return str(row[0]) if row else "off"

    async def songs(self, wanted: Query) -> list[GallerySong]:
        return (await self.page(wanted))[1]

    async def page(self, wanted: Query) -> tuple[str, list[GallerySong]]:
        """The server's visibility and the songs asked for, in one read (each read is a few
        trips to a PostgreSQL server: a page pays them once)."""
        sql, params = self._songs_sql(wanted)
        async with self._db.reading() as db:
            row = await db.fetchrow(
                "SELECT gallery FROM guild_settings WHERE guild_id = ?", (wanted.guild_id,)
            )
            if wanted.words and self._db.backend == "postgresql":
                # A plan for these words, not one for any words: a common word walks the
                # server's songs newest first and stops after a page, a rare one reads its few
                # matches from the index. A prepared statement's generic plan would pick one
                # way for both (a common word through the index: 33,000 rows sorted, 55 ms).
                await db.execute("SET LOCAL plan_cache_mode = force_custom_plan")
            songs = [_song(found) for found in await db.fetch(sql, params)]
        return (str(row[0]) if row else "off"), songs

    def _songs_sql(self, wanted: Query) -> tuple[str, Params]:
        where = [f"guild_id = ? AND {SHOWN}"]
        params: list[Any] = [wanted.guild_id]
        source, key = "generations", "id"
        if wanted.user_id is not None:
            where.append("user_id = ?")
            params.append(wanted.user_id)
        if wanted.words:
            found, text = self._search(wanted.words)
            if self._db.backend == "sqlite" and not wanted.by_plays:
                # the index's matches, newest first, each looked up until the page is full:
                # a common word stops after a page, a rare one reads its few matches
                source = "gallery_search CROSS JOIN generations ON id = gallery_search.rowid"
                key = "gallery_search.rowid"
                found = "gallery_search MATCH ?"
            where.append(found)
            params.append(text)
        if wanted.after is not None:
            plays, last = wanted.after
            if wanted.by_plays:
                where.append("(plays < ? OR (plays = ? AND id < ?))")
                params += [plays, plays, last]
            else:
                where.append(f"{key} < ?")
                params.append(last)
        order = "plays DESC, id DESC" if wanted.by_plays else f"{key} DESC"
        params.append(min(wanted.limit, PAGE_LIMIT))
        sql = (
            f"SELECT {_COLUMNS} FROM {source} WHERE {' AND '.join(where)} ORDER BY {order} LIMIT ?"  # noqa: S608 - constant fragments; values are parameters
        )
        return sql, params

    def _search(self, words: tuple[str, ...]) -> tuple[str, str]:
        """The condition and its parameter for songs with every word (as a word's start).
        Only letters and digits of the words reach either search syntax."""
        words = tuple(kept for word in words if (kept := _LETTERS.sub("", word))) or ("",)
        if self._db.backend == "postgresql":
            text = " & ".join(f"'{word}':*" for word in words)
            return "search_words @@ to_tsquery('simple', ?)", text  # migration 0005's column
        text = " ".join('"{}"*'.format(word.replace('"', '""')) for word in words)
        return "id IN (SELECT rowid FROM gallery_search WHERE gallery_search MATCH ?)", text

    async def song(self, guild_id: int, job_id: str) -> SongPage | None:
        async with self._db.reading() as db:
            row = await db.fetchrow(
                f"SELECT {_COLUMNS}, lyrics FROM generations"  # noqa: S608 - constant columns
                f" WHERE guild_id = ? AND job_id = ? AND {SHOWN}",
                (guild_id, job_id),
            )
            if row is None:
                return None
            song = _song(row[:-1])
            parent, parent_name = None, None
            if song.parent_id is not None:
                parent_row = await db.fetchrow(
                    f"SELECT {_COLUMNS}, {SHOWN} FROM generations WHERE id = ?",  # noqa: S608
                    (song.parent_id,),
                )
                if parent_row is not None:
                    parent_name = parent_row[5]
                    parent = _song(parent_row[:-1]) if parent_row[-1] else None
            session = await db.fetchrow(
                "SELECT id FROM jam_sessions WHERE thread_id = ? AND guild_id = ?",
                (song.channel_id, guild_id),
            )
            session_id = int(session[0]) if session and song.origin == "jam" else None
            authors = await db.fetch(
                "SELECT author_name FROM jam_lines WHERE session_id = ? AND status = 'live'"
                " ORDER BY id",
                (session_id,),
            ) if session_id is not None else []  # fmt: skip
        lyrics = parse_lyrics_sections(json.loads(row[-1])) if row[-1] else None
        lyricists = list(dict.fromkeys(str(name) for (name,) in authors))
        return SongPage(song, lyrics, parent, parent_name, session_id, lyricists)

    async def session(self, guild_id: int, session_id: int) -> SessionPage | None:
        sessions = JamRepository(self._db)
        async with self._db.reading() as db:
            found = await sessions.session(session_id, connection=db)
            if found is None or found.guild_id != guild_id:
                return None
            return SessionPage(
                found, await sessions.lines(session_id, connection=db),
                await sessions.members(session_id, connection=db), await _session_songs(db, found),
            )  # fmt: skip

    async def hide(self, generation_id: int) -> None:
        await self._db.write(
            "UPDATE generations SET hidden_at = ? WHERE id = ? AND hidden_at IS NULL",
            (time.time(), generation_id),
        )

    async def played(self, generation_id: int) -> None:
        await self._db.write(
            f"UPDATE generations SET plays = plays + 1 WHERE id = ? AND {SHOWN}",  # noqa: S608
            (generation_id,),
        )


async def _session_songs(db: Connection, session: JamSession) -> list[GallerySong]:
    """A session's songs: those made from it, which are posted in its thread."""
    if session.thread_id is None:
        return []
    rows = await db.fetch(
        f"SELECT {_COLUMNS} FROM generations WHERE guild_id = ? AND channel_id = ?"  # noqa: S608
        f" AND origin = 'jam' AND {SHOWN} ORDER BY id DESC LIMIT ?",
        (session.guild_id, session.thread_id, PAGE_LIMIT),
    )
    return [_song(row) for row in rows]


def _song(row: Any) -> GallerySong:
    return GallerySong(*row)
