"""The parties' store on both backends: one playing party per server (whatever races), its
line and position kept, ended once; and the songs a party may play (shown ones only)."""

from __future__ import annotations

from bot.store import Database
from bot.store.parties import NewParty, PartyRepository
from tests.bot.store.challenge_rows import finished_song


def new(guild_id: int = 1, voice: int = 500) -> NewParty:
    return NewParty(guild_id, voice, 2, 11, "Ana", ((7, 1), (8, 2)), "fr", 1000.0)


async def test_one_playing_party_per_server_its_line_and_its_end(database: Database) -> None:
    repo = PartyRepository(database)
    party_id = await repo.create(new())
    assert party_id is not None
    assert await repo.create(new(voice=501)) is None  # the server has one playing
    assert await repo.create(new(guild_id=9)) is not None  # another server's own
    await repo.posted(party_id, 4242)
    await repo.moved_on(party_id, ((7, 1), (8, 2), (9, 1)), 1)
    playing = await repo.playing(1)
    assert playing is not None
    assert (playing.id, playing.message_id, playing.position) == (party_id, 4242, 1)
    assert (playing.line, playing.locale, playing.state) == (((7, 1), (8, 2), (9, 1)), "fr",
                                                               "playing")  # fmt: skip
    assert await repo.end(party_id, "stopped", "Ben", 2000.0)
    assert not await repo.end(party_id, "alone", None, 2001.0)  # once
    ended = await repo.party(party_id)
    assert ended is not None
    assert (ended.state, ended.ending, ended.ended_by) == ("ended", "stopped", "Ben")
    assert await repo.playing(1) is None
    assert await repo.create(new()) is not None  # the next party may start


async def test_only_shown_songs_are_offered(database: Database) -> None:
    repo = PartyRepository(database)
    shown = await finished_song(database, 1, 11, "Rain at dusk", 1.0)
    hidden = await finished_song(database, 1, 11, "Snow", 2.0)
    deleted = await finished_song(database, 1, 11, "Sleet", 3.0)
    failed = await finished_song(database, 1, 11, "Hail", 4.0, status="failed")
    await database.write("UPDATE generations SET job_id = 'job-' || id", ())
    await database.write("UPDATE generations SET hidden_at = 1 WHERE id = ?", (hidden,))
    await database.write("UPDATE generations SET deleted_at = 1 WHERE id = ?", (deleted,))
    recent = await repo.songs.recent(1, 10)
    assert [s.generation_id for s in recent] == [shown]
    assert recent[0].audio_urls == {1: "https://cdn.example/1.mp3", 2: "https://cdn.example/2.mp3"}
    assert (await repo.songs.by_name(1, "AT DU") or recent[0]).generation_id == shown
    assert await repo.songs.by_job(1, f"job-{failed}") is None
    assert await repo.songs.by_job(2, f"job-{shown}") is None  # another server's
    assert set(await repo.songs.by_ids(1, [shown, hidden, deleted])) == {shown}
