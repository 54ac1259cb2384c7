"""Entering: Enter offers the member's finished songs since the start, the entries per
member and the deadline hold, Make an entry asks for the form and then a song, and a song
made for the challenge enters when it is done."""

from __future__ import annotations

from bot.core.acting import Refusal
from bot.features.challenges.outcomes import EntryFormAsked, SongAsked, SongsOffered
from tests.bot.features.challenges.conftest import ANA, BEN, GUILD, NOW, THREAD, World
from tests.bot.store.challenge_rows import finished_song


async def test_a_member_enters_as_many_songs_as_allowed(world: World) -> None:
    challenge = await world.start()
    entry = await world.enter(ANA, "Ana's")
    assert world.board.entries == [(1, entry)]
    second = await world.song(ANA, "again")
    refused = await world.entries.enter(ANA, challenge.id, second)
    assert isinstance(refused, Refusal)
    assert "as many songs" in refused.text
    [only] = await world.repo.entries(challenge.id)
    assert (only.user_id, only.name) == (ANA.member_id, "Ana")


async def test_enter_offers_only_the_member_s_new_songs_not_yet_entered(world: World) -> None:
    challenge = await world.start(entries_per_member=2)
    none = await world.entries.offer(ANA, challenge.id)
    assert isinstance(none, Refusal)
    assert "Make an entry" in none.text
    old = await world.song(ANA, "before", at=NOW - 10)
    entered = await world.enter(ANA, "first")
    fresh = await world.song(ANA, "second")
    offered = await world.entries.offer(ANA, challenge.id)
    assert isinstance(offered, SongsOffered)
    assert [s.generation_id for s in offered.songs] == [fresh]
    for song, who in ((old, ANA), (fresh, BEN)):
        refused = await world.entries.enter(who, challenge.id, song)
        assert isinstance(refused, Refusal)
        assert "isn't one of your finished songs" in refused.text
    assert [e.id for e in await world.repo.entries(challenge.id)] == [entered]


async def test_entries_close_at_their_deadline(world: World) -> None:
    challenge = await world.start(entries_for="1h")
    song = await world.song(ANA, "late")
    world.clock.now = challenge.entries_close
    late = await world.entries.enter(ANA, challenge.id, song)
    assert isinstance(late, Refusal)
    assert "closed" in late.text
    assert isinstance(await world.entries.ask_make(ANA, challenge.id), Refusal)


async def test_a_paused_member_does_not_enter(world: World) -> None:
    challenge = await world.start()
    await world.pause(BEN)
    await world.song(BEN, "Ben's")
    paused = await world.entries.offer(BEN, challenge.id)
    assert isinstance(paused, Refusal)
    assert "paused" in paused.text


async def test_make_an_entry_asks_for_the_form_then_a_song_in_the_thread(world: World) -> None:
    challenge = await world.start()
    form = await world.entries.ask_make(ANA, challenge.id)
    assert form == EntryFormAsked(challenge.id, "rain")
    asked = await world.entries.make(ANA, challenge.id, "a rainy ballad", None)
    assert isinstance(asked, SongAsked)
    assert (asked.request.prompt, asked.lyrics_source, asked.thread_id) == (
        "a rainy ballad", "generated", THREAD,
    )  # fmt: skip
    written = await world.entries.make(ANA, challenge.id, "a ballad", "La la la\nla la")
    assert isinstance(written, SongAsked)
    assert written.lyrics_source == "written in the form"


async def test_a_song_made_for_the_challenge_enters_when_it_is_done(world: World) -> None:
    challenge = await world.start(entries_for="1h")
    db = world.repo.database
    await finished_song(db, GUILD, ANA.member_id, "made", NOW + 5, origin="challenge",
                        channel_id=THREAD)  # fmt: skip
    await finished_song(db, GUILD, BEN.member_id, "making", NOW + 5, origin="challenge",
                        channel_id=THREAD, status="running")  # fmt: skip
    assert await world.entries.sweep(challenge) == 1  # Ben's is still being made
    [entry] = await world.repo.entries(challenge.id)
    assert (entry.user_id, entry.song_name, entry.disqualified) == (ANA.member_id, "made", None)
    assert world.board.entries == [(1, entry.id)]
    assert await world.entries.sweep(challenge) == 1  # entered once only
    again = await world.entries.enter(ANA, challenge.id, entry.generation_id)
    assert isinstance(again, Refusal)
