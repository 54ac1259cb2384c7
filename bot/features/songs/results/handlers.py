"""What each button under a song does, as a use case: a press in, a refusal or an outcome out
(:mod:`.outcomes`). Plain values: the front end turns the outcome into its reply."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

from pydantic import ValidationError

from bot.core.acting import Actor, Refusal
from bot.features.songs.history import message_link
from bot.features.songs.results import texts
from bot.features.songs.results.outcomes import (
    AskDelete,
    DeleteNow,
    Hidden,
    Kept,
    OpenJam,
    OpenRemix,
    PlayInVoice,
    ShowLyrics,
    StartSong,
)
from bot.features.songs.results.render import song_name
from bot.features.songs.results.row import Lineage
from bot.soundverse import SongRequest
from bot.store.records import Origin
from bot.store.song_records import SongDetail

if TYPE_CHECKING:  # both reach the song's job, which shows the buttons: not at import time
    from bot.features.songs.queue_admin import Cancelled
    from bot.features.songs.results.service import ResultActions

    Outcome: TypeAlias = (
        StartSong
        | OpenRemix
        | ShowLyrics
        | OpenJam
        | PlayInVoice
        | AskDelete
        | DeleteNow
        | Hidden
        | Kept
        | Cancelled
    )


@dataclass(frozen=True, slots=True)
class Press:
    """A press of a button under the song ``song_id``, by ``who``, on the server
    ``guild_id``; ``actions`` are the feature's services, for a handler that needs them."""

    actions: ResultActions
    who: Actor
    guild_id: int
    song_id: int
    detail: SongDetail | None  # None where the button is answered from memory

    @property
    def song(self) -> SongDetail:
        if self.detail is None:  # pragma: no cover - only where the table says it reads it
            raise LookupError("this button does not read its song")
        return self.detail


Handler = Callable[[Press], Awaitable["Refusal | Outcome"]]


async def regenerate(press: Press) -> Refusal | StartSong:
    song = press.song
    request = stored_request(song)
    if request is None:
        return Refusal(texts.NO_REQUEST)
    return made_from(song, request, Lineage(Origin.REGENERATE, *named(song)))


async def open_remix(press: Press) -> Refusal | OpenRemix:
    if not press.song.audio_urls:
        return Refusal(texts.NOT_FINISHED)
    return OpenRemix(press.song)


async def lyrics(press: Press) -> ShowLyrics:
    return ShowLyrics(press.song)


async def jam(press: Press) -> Refusal | OpenJam:
    if not press.song.lyrics:
        return Refusal(texts.NO_LYRICS)
    return OpenJam(press.song)


async def play_in_voice(press: Press) -> Refusal | PlayInVoice:
    """The listening parties' ``/listen song`` for this song's first version: the parties
    feature decides the rest (the voice channel, the channel rule, one party per server)."""
    job_id = press.song.record.job_id
    if job_id is None or not press.song.audio_urls:
        return Refusal(texts.NOTHING_TO_PLAY)
    return PlayInVoice(job_id, min(press.song.audio_urls))


async def ask_delete(press: Press) -> AskDelete:
    gallery = await press.actions.gallery_url(press.guild_id) is not None
    return AskDelete(press.song_id, song_name(press.song.record.song_name), gallery)


async def hide(press: Press) -> Refusal | Hidden:
    """Hide the song from the web gallery, by the gallery's own rule of who may."""
    job_id = press.song.record.job_id
    if job_id is None or await press.actions.gallery_url(press.guild_id) is None:
        return Refusal(texts.GALLERY_OFF)
    if not await press.actions.hide(press.who, press.guild_id, job_id):
        return Refusal(texts.NOT_YOURS_TO_HIDE)
    return Hidden(press.song_id, song_name(press.song.record.song_name))


async def delete(press: Press) -> DeleteNow:
    return DeleteNow(press.song_id, song_name(press.song.record.song_name))


async def keep(_press: Press) -> Kept:
    return Kept()


async def cancel_waiting(press: Press) -> Refusal | Cancelled:
    return press.actions.admin.cancel(press.who, press.guild_id, press.song_id)


def made_from(
    song: SongDetail, request: SongRequest, lineage: Lineage, lyrics_source: str | None = None
) -> StartSong:
    """A new song from ``song``: its lyrics' source kept where the request has lyrics."""
    if lyrics_source is None:
        lyrics_source = song.record.lyrics_source if request.lyrics else "generated"
    elif not request.lyrics:
        lyrics_source = "generated"
    return StartSong(request, lyrics_source, lineage, song.record.id, lineage.origin)


def stored_request(song: SongDetail) -> SongRequest | None:
    if not song.request:
        return None
    try:
        return SongRequest.model_validate_json(song.request)
    except ValidationError:
        return None


def named(song: SongDetail) -> tuple[str | None, str | None]:
    """The song's name and a link to its message, for the lineage of a song made from it."""
    return song.record.song_name, message_link(song.record)
