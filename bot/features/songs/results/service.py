"""What the buttons under a song do, whatever the front end: a press is looked up in the table
(:mod:`.table`), checked against who may press it, and handed to its handler; the outcome
goes back to the front end (:mod:`.responder` on Discord). Plain values in and out."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.core.acting import Actor, Refusal
from bot.features.songs.gallery_door import GalleryDoor
from bot.features.songs.inputs import InputProblem, SongInputs, build_request
from bot.features.songs.queue_admin import QueueAdmin
from bot.features.songs.results import texts
from bot.features.songs.results.handlers import Press, made_from, named, stored_request
from bot.features.songs.results.outcomes import StartSong
from bot.features.songs.results.remix import RemixForm
from bot.features.songs.results.row import Action, Lineage
from bot.features.songs.results.table import BUTTONS
from bot.soundverse import JobState, LyricsSection, SoundverseClient, SoundverseError
from bot.soundverse.status import catch_up_events
from bot.store import GenerationRepository
from bot.store.records import Origin
from bot.store.song_records import SongDetail

if TYPE_CHECKING:
    from bot.features.songs.results.handlers import Outcome

log = logging.getLogger(__name__)


class ResultActions:
    def __init__(
        self,
        admin: QueueAdmin,
        generations: GenerationRepository,
        client: SoundverseClient,
        gallery: GalleryDoor | None = None,  # None: no web gallery (WEB_PUBLIC_URL unset)
    ) -> None:
        self.admin = admin  # the Cancel button takes a waiting song out of the line
        self._generations = generations
        self._client = client
        self._gallery = gallery

    async def gallery_url(self, guild_id: int) -> str | None:
        """The server's web gallery, while it is on."""
        return await self._gallery.url(guild_id) if self._gallery else None

    async def hide(self, who: Actor, guild_id: int, job_id: str) -> bool:
        """Hide a song from the web gallery, if ``who`` may (the gallery's rule)."""
        return await self._gallery.hide(who, guild_id, job_id) if self._gallery else False

    async def clicked(
        self, who: Actor, guild_id: int, action: Action, song_id: int
    ) -> Refusal | Outcome:
        """A press of ``action`` under the song ``song_id``: why not, or what it comes to."""
        button = BUTTONS[action]
        song = None
        if button.reads_song:
            song = await self._generations.song(guild_id, song_id)
            if song is None:
                return Refusal(texts.GONE)
            refusal = button.may_press(who, song)
            if refusal is not None:
                return refusal
        return await button.handler(Press(self, who, guild_id, song_id, song))

    async def remixed(self, guild_id: int, form: RemixForm) -> Refusal | StartSong:
        """A submitted Remix form: the new song to make, built on the chosen version."""
        song = await self._generations.song(guild_id, form.song_id)
        if song is None:
            return Refusal(texts.GONE)
        audio_url = song.audio_urls.get(form.version or 0)
        if audio_url is None:
            return Refusal(texts.VERSION_GONE)
        stored = stored_request(song)
        others = [  # the chosen version takes the place of any reference audio
            (name.removesuffix("_url"), url)
            for name, url in (stored.audio_urls if stored else {}).items()
            if name != "reference_url"
        ]
        inputs = SongInputs(
            prompt=form.prompt, lyrics=form.lyrics, urls=(("reference", audio_url), *others)
        )
        try:
            request = build_request(inputs)
        except InputProblem as problem:
            return Refusal(problem.message)
        lineage = Lineage(Origin.REMIX, *named(song), version=form.version)
        return made_from(song, request, lineage, lyrics_source="written in the form")

    async def lyrics_from_api(self, song: SongDetail) -> list[LyricsSection]:
        """The lyrics of a song recorded before lyrics were kept, as the API tells them now."""
        if song.record.job_id is None:
            return []
        try:
            snapshot = await self._client.status(song.record.job_id)
        except SoundverseError as exc:
            log.info("no lyrics from the API for song %s: %s", song.record.id, exc)
            return []
        state = JobState(job_id=song.record.job_id)
        for event in catch_up_events(snapshot, state):
            state.apply(event)
        return state.lyrics_sections

    async def messages(self, song_id: int) -> list[tuple[int, int]]:
        """Every message that shows the song: (channel id, message id)."""
        return await self._generations.messages(song_id)

    async def deleted(self, song_id: int) -> None:
        """The song's messages are gone (or could not be deleted): recorded as deleted."""
        await self._generations.mark_deleted(song_id)
