"""The web gallery's use cases: plain values in (who is looking, which server, what they
search for, where the page starts), outcomes out. The web adapter shows them; the rules of
who sees what are :mod:`.access`'s."""

from __future__ import annotations

import re

from bot.features.gallery.access import Access, Seat, Viewer, Visibility, access, may_hide
from bot.features.gallery.views import (
    Listing,
    Server,
    SessionSheet,
    SongCard,
    SongSheet,
    card,
)
from bot.features.jam.sections import label as sheet_label
from bot.features.jam.sections import order as sheet_order
from bot.soundverse.media import MediaPolicy
from bot.store.gallery import GalleryRepository, GallerySong, Query, SongPage

PAGE_SIZE = 24
MAX_WORDS, MAX_WORD = 6, 40  # a search's words, and the letters of each that count
_WORD = re.compile(r"[^\W_]+")
_CURSOR = re.compile(r"(\d{1,10})\.(\d{1,19})")


def search_words(text: str) -> tuple[str, ...]:
    """The words of a search, lower case; each must begin a word of a song's name, prompt or
    member. Punctuation is no search syntax: it only separates words."""
    return tuple(word[:MAX_WORD] for word in _WORD.findall(text.lower())[:MAX_WORDS])


def parse_cursor(text: str | None) -> tuple[int, int] | None:
    """Where a page starts, from the link of the page before; anything else: the first page."""
    match = _CURSOR.fullmatch(text or "")
    return (int(match[1]), int(match[2])) if match else None


class Gallery:
    def __init__(self, songs: GalleryRepository, policy: MediaPolicy) -> None:
        self._songs = songs
        self._policy = policy

    async def servers(self, viewer: Viewer) -> list[Server]:
        """The servers the viewer shares with the bot (those it has songs or settings in)."""
        found = await self._songs.servers(sorted(viewer.seats))
        servers = [
            Server(guild_id, viewer.seats[guild_id].name, Visibility.of(visibility),
                   viewer.seats[guild_id].moderates)
            for guild_id, visibility in found.items()
        ]  # fmt: skip
        return sorted(servers, key=lambda server: server.name.casefold())

    async def shows(self, guild_id: int) -> bool:
        """Whether the server's gallery is open to anyone (its visibility is not off)."""
        return Visibility.of(await self._songs.visibility(guild_id)) is not Visibility.OFF

    async def server(self, viewer: Viewer | None, guild_id: int) -> Server | Access:
        return _server(await self._songs.visibility(guild_id), viewer, guild_id)

    async def listing(
        self,
        viewer: Viewer | None,
        guild_id: int,
        *,
        query: str = "",
        by_plays: bool = False,
        cursor: str | None = None,
        member_id: int | None = None,
    ) -> Listing | Access:
        """A page of the server's songs, newest first or most played first; searched by
        ``query``; of one member's when ``member_id`` is given."""
        wanted = Query(
            guild_id, search_words(query), member_id, by_plays, parse_cursor(cursor),
            PAGE_SIZE + 1,
        )  # fmt: skip
        visibility, found = await self._songs.page(wanted)  # read together, shown if allowed
        server = _server(visibility, viewer, guild_id)
        if isinstance(server, Access):
            return server
        page, more = found[:PAGE_SIZE], len(found) > PAGE_SIZE
        next_cursor = f"{page[-1].plays}.{page[-1].id}" if more else None
        member_name = next((s.requester for s in page if s.requester), None)
        return Listing(
            server, [self._card(viewer, song) for song in page], next_cursor, query.strip(),
            by_plays, member_id, member_name,
        )  # fmt: skip

    async def _visible_song(
        self, viewer: Viewer | None, guild_id: int, job_id: str
    ) -> tuple[Server, SongPage] | Access:
        """The song with the server it is on, if the viewer may see that server's gallery."""
        server = await self.server(viewer, guild_id)
        if isinstance(server, Access):
            return server
        found = await self._songs.song(guild_id, job_id)
        return (server, found) if found is not None else Access.NOT_FOUND

    async def song(self, viewer: Viewer | None, guild_id: int, job_id: str) -> SongSheet | Access:
        visible = await self._visible_song(viewer, guild_id, job_id)
        if isinstance(visible, Access):
            return visible
        server, found = visible
        parent = self._card(viewer, found.parent) if found.parent else None
        return SongSheet(
            server, self._card(viewer, found.song), found.lyrics, parent, found.parent_name,
            found.session_id, found.lyricists,
        )  # fmt: skip

    async def session(
        self, viewer: Viewer | None, guild_id: int, session_id: int
    ) -> SessionSheet | Access:
        server = await self.server(viewer, guild_id)
        if isinstance(server, Access):
            return server
        found = await self._songs.session(guild_id, session_id)
        if found is None:
            return Access.NOT_FOUND
        live = [line for line in found.lines if line.status == "live"]
        if found.session.mode == "hidden" and not found.session.revealed:
            live = []  # a hidden session's lines are not shown until its host reveals them
        sections: dict[str, list[tuple[str, str]]] = {}
        for line in sorted(live, key=lambda line: sheet_order(line.section)):  # stable: in turn
            sections.setdefault(sheet_label(line.section), []).append((line.text, line.author_name))
        contributors = list(dict.fromkeys(line.author_name for line in live))
        return SessionSheet(
            server, found.session.title, found.session.style, found.session.host_name,
            found.session.state, list(sections.items()), contributors,
            [self._card(viewer, song) for song in found.songs],
        )  # fmt: skip

    async def hide(self, viewer: Viewer | None, guild_id: int, job_id: str) -> Access:
        """Hide a song from the gallery: its member's or a moderator's choice."""
        found = await self._songs.song(guild_id, job_id)
        if found is None:
            return Access.NOT_FOUND
        if not may_hide(viewer, guild_id, found.song.user_id):
            return Access.NOT_FOUND if viewer else Access.LOGIN
        await self._songs.hide(found.song.id)
        return Access.ALLOWED

    async def played(self, viewer: Viewer | None, guild_id: int, job_id: str) -> Access:
        """One more play of a song its viewer may see."""
        visible = await self._visible_song(viewer, guild_id, job_id)
        if isinstance(visible, Access):
            return visible
        await self._songs.played(visible[1].song.id)
        return Access.ALLOWED

    def _card(self, viewer: Viewer | None, song: GallerySong) -> SongCard:
        return card(song, self._policy, can_hide=may_hide(viewer, song.guild_id, song.user_id))


def _server(stored_visibility: str, viewer: Viewer | None, guild_id: int) -> Server | Access:
    """The server as the viewer sees it, if its visibility lets them."""
    visibility = Visibility.of(stored_visibility)
    allowed = access(visibility, viewer, guild_id)
    if allowed is not Access.ALLOWED:
        return allowed
    seat = (viewer.seats.get(guild_id) if viewer else None) or Seat("")
    return Server(guild_id, seat.name, visibility, seat.moderates)
