"""Opening a session, the one place it happens (``/jam start``, with or without a finished
song's lyrics, and the Jam button under a song): the channel rule, who may start one and how
many may be open checked, and the session written with its first lines, in one transaction.
Plain values in, :class:`.outcomes.Opened` or a refusal out; the front end then posts the
sheet and starts its thread."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from bot.core.acting import Actor, Place, Refusal
from bot.features.jam import sections, texts
from bot.features.jam.actions import Mode
from bot.features.jam.outcomes import Opened
from bot.features.jam.rules import Rules, start_refusal
from bot.features.usage import allows_channel
from bot.soundverse import LyricsSection
from bot.store import GenerationRepository, ModerationRepository
from bot.store.jams import JamRepository, JamSession, NewLine, NewSession
from bot.store.song_records import SongDetail

NO_SONG = "I have no finished song with lyrics for that job id here."
UNTITLED = "Untitled jam"


@dataclass(frozen=True, slots=True)
class Opening:
    """What a new session starts with. ``lyrics`` pre-fill the sheet (from a finished
    song), credited to ``credit`` (the member's id and name)."""

    title: str
    style: str | None
    mode: Mode = Mode.OPEN
    lyrics: list[LyricsSection] | None = None
    credit: tuple[int, str] | None = None


def from_song(song: SongDetail) -> Opening:
    """The Jam button: an open session named after the song, in its style, its sheet
    pre-filled with the song's lyrics, credited to whoever made the song."""
    record = song.record
    # Stored as written (escaped where shown), on one line and within /jam's 100 characters.
    title = " ".join((record.song_name or UNTITLED).split())[:100]
    return Opening(title, record.prompt, Mode.OPEN, song.lyrics, _credit(song))


def _credit(song: SongDetail) -> tuple[int, str]:
    return song.record.user_id, song.record.requester or "a member"


class Openings:
    def __init__(
        self,
        repo: JamRepository,
        moderation: ModerationRepository,
        generations: GenerationRepository,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._repo = repo
        self._moderation = moderation
        self._generations = generations
        self._clock = clock

    async def start(self, actor: Actor, place: Place, opening: Opening) -> Opened | Refusal:
        """A session here, if the server's rules let this member open one."""
        if not await self._channel_open(place):
            return Refusal(texts.CHANNEL_OFF)
        return await self._open(actor, place, opening)

    async def start_from_job(
        self, actor: Actor, place: Place, opening: Opening, job_id: str
    ) -> Opened | Refusal:
        """``/jam start from_job``: the sheet pre-filled with a finished song's lyrics."""
        if not await self._channel_open(place):
            return Refusal(texts.CHANNEL_OFF)
        record = await self._generations.by_job(place.guild_id, job_id.strip())
        song = await self._generations.song(record.guild_id, record.id) if record else None
        if song is None or not song.lyrics:
            return Refusal(NO_SONG)
        opening = Opening(opening.title, opening.style, opening.mode, song.lyrics, _credit(song))
        return await self._open(actor, place, opening)

    async def _channel_open(self, place: Place) -> bool:
        return allows_channel(await self._moderation.policy(place.guild_id), place.channel_id)

    async def _open(self, actor: Actor, place: Place, opening: Opening) -> Opened | Refusal:
        now, guild_id = self._clock(), place.guild_id
        async with self._repo.opening(guild_id) as db:
            if await self._repo.is_blocked(guild_id, actor.member_id, connection=db):
                return Refusal(texts.BLOCKED)
            rules = Rules.of(await self._repo.settings(guild_id, connection=db))
            refusal = start_refusal(
                rules,
                open_now=await self._repo.open_sessions(guild_id, connection=db),
                role_ids=actor.role_ids,
                moderator=actor.moderator,
            )
            if refusal is not None:
                return Refusal(refusal)
            new = NewSession(
                guild_id,
                place.channel_id,
                actor.member_id,
                actor.name,
                opening.title,
                opening.style,
                opening.mode,
                now,
                place.locale,
            )
            session_id = await self._repo.create_session(new, connection=db)
            author_id, author = opening.credit or (actor.member_id, actor.name)
            for section, text in sections.from_lyrics(opening.lyrics or []):
                line = NewLine(session_id, section, text, author_id, author, "live", now)
                await self._repo.insert_line(line, connection=db)
        return Opened(session_id, opening.title)

    async def posted(
        self, session_id: int, thread_id: int | None, sheet_id: int
    ) -> JamSession | None:
        """Where the opened session's sheet and thread are (no thread: its channel)."""
        await self._repo.attach(session_id, thread_id, sheet_id)
        return await self._repo.session(session_id)
