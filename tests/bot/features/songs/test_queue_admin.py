"""The queue's administration with plain values: who may take a waiting song out of the line,
on which server, and what a moderator's pause does (real SQLite; no Discord, no API)."""

from __future__ import annotations

from pathlib import Path

from bot.core.acting import Refusal
from bot.features.songs.queue import texts
from bot.features.songs.queue_admin import Cancelled
from bot.store import ModerationRepository
from tests.bot.features.songs.songs_at_hand import (
    GUILD,
    MEMBER,
    OTHER,
    member,
    placed,
    song_service,
    status_of,
)


async def test_the_member_who_asked_cancels_a_waiting_song(tmp_path: Path) -> None:
    async with song_service(tmp_path, max_concurrent=1) as (songs, database):
        await placed(songs, member(OTHER))
        waiting = await placed(songs)
        assert songs.admin.cancel(member(OTHER), GUILD, waiting.song_id) == Refusal(texts.NOT_YOURS)
        cancelled = songs.admin.cancel(member(), GUILD, waiting.song_id)
        assert isinstance(cancelled, Cancelled)
        assert cancelled.own
        assert songs.queue.waiting == 0
        await songs.admin.record_cancel(cancelled)
        assert await status_of(database, waiting.song_id) == "released"
        again = songs.admin.cancel(member(), GUILD, waiting.song_id)
        assert again == Refusal(texts.NOT_WAITING)


async def test_a_moderator_cancels_anyones_song_but_only_on_its_server(tmp_path: Path) -> None:
    async with song_service(tmp_path, max_concurrent=1) as (songs, _database):
        await placed(songs, member(OTHER))
        waiting = await placed(songs)
        moderator = member(OTHER + 1, moderator=True)
        elsewhere = songs.admin.cancel(moderator, GUILD + 1, waiting.song_id)
        assert elsewhere == Refusal(texts.NOT_WAITING)
        cancelled = songs.admin.cancel(moderator, GUILD, waiting.song_id)
        assert isinstance(cancelled, Cancelled)
        assert not cancelled.own


async def test_a_started_song_cannot_be_cancelled_in_the_line(tmp_path: Path) -> None:
    async with song_service(tmp_path) as (songs, _database):
        started = await placed(songs)
        assert songs.admin.cancel(member(), GUILD, started.song_id) == Refusal(texts.NOT_WAITING)


async def test_a_paused_server_holds_its_line_until_resumed(tmp_path: Path) -> None:
    async with song_service(tmp_path) as (songs, database):
        moderation = ModerationRepository(database)
        await moderation.set_queue(GUILD, 1, paused=True, describe="paused")
        await songs.admin.settings_changed(GUILD)
        waiting = await placed(songs)
        assert not waiting.started
        assert songs.queue.held(GUILD)
        [entry] = songs.admin.line(GUILD, MEMBER)
        assert (entry.song_id, entry.position, entry.mine) == (waiting.song_id, 1, True)
        await moderation.set_queue(GUILD, 1, paused=False, describe="resumed")
        await songs.admin.settings_changed(GUILD)
        assert not songs.queue.held(GUILD)
        songs.admin.try_now()  # the API is tried again at once: nothing to wait for here
