"""Starting a song with plain values: who, where, what in; a refusal or the song's place out
(on a real SQLite file; no Discord, no API)."""

from __future__ import annotations

from pathlib import Path

from bot.core.acting import Refusal
from bot.features.songs.texts import RESTARTING_REPLY
from bot.store import ModerationRepository
from tests.bot.features.songs.songs_at_hand import (
    GUILD,
    HERE,
    MEMBER,
    member,
    order,
    placed,
    song_service,
    status_of,
)


async def test_a_song_with_room_starts_at_once_with_its_slot(tmp_path: Path) -> None:
    async with song_service(tmp_path) as (songs, database):
        song = await placed(songs, prompt="rain")
        assert song.started
        assert song.card.song_id == song.song_id
        assert song.card.prompt == "rain"
        assert await status_of(database, song.song_id) == "reserved"  # out of the queue


async def test_beyond_the_bot_wide_cap_a_song_waits_its_turn(tmp_path: Path) -> None:
    async with song_service(tmp_path, max_concurrent=1) as (songs, database):
        await placed(songs, prompt="first")
        second = await placed(songs, member(MEMBER + 1), prompt="second")
        assert not second.started
        standing = songs.queue.standing(second.song_id)
        assert standing is not None
        assert standing.position == 1
        assert await status_of(database, second.song_id) == "queued"


async def test_a_server_that_refuses_beyond_its_caps_says_so_and_keeps_no_slot(
    tmp_path: Path,
) -> None:
    async with song_service(tmp_path, max_concurrent=1) as (songs, database):
        moderation = ModerationRepository(database)
        await moderation.set_queue(GUILD, 1, mode="refuse", describe="refuse")
        await placed(songs)
        refused = await songs.begin(member(MEMBER + 1), HERE, order())
        assert isinstance(refused, Refusal)
        assert "doesn't queue" in refused.text
        assert songs.queue.waiting == 0


async def test_the_limits_refuse_a_blocked_member_in_one_sentence(tmp_path: Path) -> None:
    async with song_service(tmp_path) as (songs, database):
        await ModerationRepository(database).block(GUILD, 1, MEMBER, None, "blocked")
        refused = await songs.begin(member(), HERE, order())
        assert refused == Refusal("A moderator has paused your song-making on this server.")


async def test_a_restarting_bot_takes_no_song(tmp_path: Path) -> None:
    async with song_service(tmp_path) as (songs, _database):
        songs.accepting = False
        assert await songs.begin(member(), HERE, order()) == Refusal(RESTARTING_REPLY)


async def test_a_song_never_shown_gives_its_slot_back(tmp_path: Path) -> None:
    async with song_service(tmp_path, max_concurrent=1) as (songs, database):
        await placed(songs)
        waiting = await placed(songs, member(MEMBER + 1))
        await songs.never_shown(waiting.song_id)
        assert songs.queue.waiting == 0
        assert await status_of(database, waiting.song_id) == "released"
