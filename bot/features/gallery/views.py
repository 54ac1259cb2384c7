"""What the gallery's use cases hand out: plain values a page shows as they are. Every URL in
them is one the media policy allows (or the song's Discord message): nothing else reaches a
page."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.features.gallery.access import Visibility
from bot.soundverse import LyricsSection
from bot.soundverse.media import MediaPolicy
from bot.store.gallery import GallerySong


@dataclass(frozen=True, slots=True)
class Version:
    number: int
    url: str
    seconds: float | None


@dataclass(frozen=True, slots=True)
class SongCard:
    id: int
    job_id: str
    name: str | None
    prompt: str | None
    requester: str | None
    user_id: int
    created_at: float
    cover: str | None
    versions: tuple[Version, ...]
    plays: int
    origin: str | None  # None for /song; regenerate, remix, jam
    message_url: str | None
    can_hide: bool


@dataclass(frozen=True, slots=True)
class Server:
    id: int
    name: str
    visibility: Visibility
    moderates: bool


@dataclass(frozen=True, slots=True)
class Listing:
    """A page of a server's songs (or of one member's there)."""

    server: Server
    songs: list[SongCard]
    next_cursor: str | None
    query: str = ""
    by_plays: bool = False
    member_id: int | None = None
    member_name: str | None = None


@dataclass(frozen=True, slots=True)
class SongSheet:
    server: Server
    song: SongCard
    lyrics: list[LyricsSection] | None
    parent: SongCard | None  # linked when the gallery shows it
    parent_name: str | None
    session_id: int | None
    lyricists: list[str]


@dataclass(frozen=True, slots=True)
class SessionSheet:
    server: Server
    title: str
    style: str | None
    host: str
    state: str
    sections: list[tuple[str, list[tuple[str, str]]]]  # section -> (line, author)
    contributors: list[str]
    songs: list[SongCard] = field(default_factory=list)


def card(song: GallerySong, policy: MediaPolicy, *, can_hide: bool) -> SongCard:
    versions = tuple(
        Version(number, url, seconds)
        for number, url, seconds in (
            (1, song.audio_url_v1, song.duration_v1),
            (2, song.audio_url_v2, song.duration_v2),
        )
        if url and policy.refusal(url) is None
    )
    cover = song.cover_url if song.cover_url and policy.refusal(song.cover_url) is None else None
    message = (
        f"https://discord.com/channels/{song.guild_id}/{song.channel_id}/{song.message_id}"
        if song.message_id is not None
        else None
    )
    return SongCard(
        song.id, song.job_id, song.song_name, song.prompt, song.requester, song.user_id,
        song.created_at, cover, versions, song.plays, song.origin, message, can_hide,
    )  # fmt: skip
