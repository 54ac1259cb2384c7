"""The buttons under a song as use cases: a press with plain values in, a refusal or what it
comes to out (the songs from a fake store; the Cancel button on a fake queue)."""

from __future__ import annotations

import dataclasses
from typing import Any, cast

from bot.core.acting import Actor, Refusal
from bot.core.i18n import ENGLISH
from bot.features.songs.queue import texts as queue_texts
from bot.features.songs.queue_admin import QueueAdmin
from bot.features.songs.results import outcomes, texts
from bot.features.songs.results.remix import RemixForm
from bot.features.songs.results.row import Action
from bot.features.songs.results.service import ResultActions
from bot.soundverse import SongRequest
from bot.store.records import Origin
from bot.store.song_records import SongDetail
from tests.bot.features.songs.results.sections import detail

MAKER = Actor(3, "Ada")
STRANGER = Actor(4, "Bea")
MODERATOR = Actor(5, "Cy", moderator=True)
REQUEST = SongRequest(prompt="rain", lyrics="la la").model_dump_json(exclude_none=True)


class Songs:
    """The store, as the buttons read it: songs by id, and what was marked deleted."""

    def __init__(self, *songs: SongDetail) -> None:
        self.songs = {song.record.id: song for song in songs}
        self.deleted: list[int] = []

    async def song(self, guild_id: int, song_id: int) -> SongDetail | None:
        song = self.songs.get(song_id)
        return song if song is not None and song.record.guild_id == guild_id else None

    async def messages(self, song_id: int) -> list[tuple[int, int]]:
        return [(2, 5)] if song_id in self.songs else []

    async def mark_deleted(self, song_id: int) -> None:
        self.deleted.append(song_id)


class Line:
    """The queue's administration, as the Cancel button uses it."""

    def __init__(self) -> None:
        self.asked: list[tuple[Actor, int, int]] = []

    def cancel(self, who: Actor, guild_id: int, song_id: int) -> Refusal:
        self.asked.append((who, guild_id, song_id))
        return Refusal(queue_texts.NOT_WAITING)


def actions(*songs: SongDetail, line: Line | None = None) -> ResultActions:
    admin = cast(QueueAdmin, line or Line())
    return ResultActions(admin, cast(Any, Songs(*songs)), cast(Any, None))


def song(**changes: Any) -> SongDetail:
    return detail(**{"request": REQUEST, **changes})


async def test_a_song_no_longer_recorded() -> None:
    for action in Action:
        if action is not Action.CANCEL:
            assert await actions().clicked(MAKER, 1, action, 42) == Refusal(texts.GONE)


async def test_regenerate_makes_the_same_request_with_its_lineage() -> None:
    start = await actions(song()).clicked(STRANGER, 1, Action.REGENERATE, 42)
    assert isinstance(start, outcomes.StartSong)
    assert start.request.prompt == "rain"
    assert (start.parent_id, start.origin) == (42, Origin.REGENERATE)
    assert start.lyrics_source == "generated"  # the stored song's own source, kept
    assert start.lineage.name == "Rain"
    card = start.card("Bea", ENGLISH)
    assert (card.requester, card.lineage) == ("Bea", start.lineage)


async def test_regenerate_without_the_stored_request() -> None:
    refused = await actions(song(request=None)).clicked(MAKER, 1, Action.REGENERATE, 42)
    assert refused == Refusal(texts.NO_REQUEST)


async def test_remix_opens_its_form_only_for_a_finished_song() -> None:
    assert await actions(song()).clicked(MAKER, 1, Action.REMIX, 42) == outcomes.OpenRemix(song())
    unfinished = song(audio_urls={})
    refused = await actions(unfinished).clicked(MAKER, 1, Action.REMIX, 42)
    assert refused == Refusal(texts.NOT_FINISHED)


async def test_a_submitted_remix_builds_on_the_chosen_version() -> None:
    form = RemixForm(42, "rain, slower", "new words", 2)
    start = await actions(song()).remixed(1, form)
    assert isinstance(start, outcomes.StartSong)
    assert start.request.audio_urls == {"reference_url": "https://a/2"}
    assert (start.origin, start.lineage.version) == (Origin.REMIX, 2)
    assert start.lyrics_source == "written in the form"
    gone = await actions(song()).remixed(1, dataclasses.replace(form, version=3))
    assert gone == Refusal(texts.VERSION_GONE)
    assert await actions().remixed(1, form) == Refusal(texts.GONE)


async def test_lyrics_and_jam() -> None:
    assert await actions(song()).clicked(STRANGER, 1, Action.LYRICS, 42) == outcomes.ShowLyrics(
        song()
    )
    assert await actions(song()).clicked(STRANGER, 1, Action.JAM, 42) == outcomes.OpenJam(song())
    instrumental = song(lyrics=[])
    refused = await actions(instrumental).clicked(MAKER, 1, Action.JAM, 42)
    assert refused == Refusal(texts.NO_LYRICS)


async def test_anyone_may_ask_for_a_finished_song_in_voice_its_first_version() -> None:
    asked = await actions(song()).clicked(STRANGER, 1, Action.PLAY, 42)
    assert asked == outcomes.PlayInVoice(song().record.job_id or "", 1)
    only_second = song(audio_urls={2: "https://a/2"})
    asked = await actions(only_second).clicked(STRANGER, 1, Action.PLAY, 42)
    assert asked == outcomes.PlayInVoice(song().record.job_id or "", 2)
    unfinished = song(audio_urls={})
    refused = await actions(unfinished).clicked(STRANGER, 1, Action.PLAY, 42)
    assert refused == Refusal(texts.NOTHING_TO_PLAY)


async def test_only_the_maker_or_a_moderator_deletes_and_only_once() -> None:
    asked = await actions(song()).clicked(MAKER, 1, Action.DELETE, 42)
    assert asked == outcomes.AskDelete(42, "Rain")
    assert await actions(song()).clicked(STRANGER, 1, Action.DELETE, 42) == Refusal(texts.NOT_YOURS)
    confirmed = await actions(song()).clicked(MODERATOR, 1, Action.CONFIRM_DELETE, 42)
    assert confirmed == outcomes.DeleteNow(42, "Rain")
    gone = song(record=dataclasses.replace(song().record, deleted=True))
    refused = await actions(gone).clicked(STRANGER, 1, Action.DELETE, 42)
    assert refused == Refusal(texts.ALREADY_DELETED)  # said before whose it is
    assert await actions(gone).clicked(STRANGER, 1, Action.KEEP, 42) == outcomes.Kept()


async def test_deleting_records_it() -> None:
    store = Songs(song())
    results = ResultActions(cast(QueueAdmin, Line()), cast(Any, store), cast(Any, None))
    assert await results.messages(42) == [(2, 5)]
    await results.deleted(42)
    assert store.deleted == [42]


async def test_cancel_asks_the_queue_without_reading_the_song() -> None:
    line = Line()
    refused = await actions(line=line).clicked(STRANGER, 1, Action.CANCEL, 7)
    assert refused == Refusal(queue_texts.NOT_WAITING)
    assert line.asked == [(STRANGER, 1, 7)]
