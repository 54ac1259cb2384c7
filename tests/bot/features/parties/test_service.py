"""Starting a party, one per server, its controls and who may press them, its line, and a
party a restart left playing."""

from __future__ import annotations

from bot.core.acting import Place, Refusal
from bot.features.parties import (
    Added,
    ChallengeEntries,
    Control,
    Controlled,
    Ending,
    OneSong,
    Radio,
    SessionSongs,
    Started,
)
from tests.bot.features.parties import rows as songs
from tests.bot.features.parties.conftest import ANA, BEN, CAT, HERE, MOD, OTHER_ROOM, ROOM, World


async def started(world: World, *jobs: str) -> Started:
    outcome = await world.parties.start(ANA, HERE, ROOM, OneSong(jobs[0]))
    assert isinstance(outcome, Started), outcome
    for job in jobs[1:]:
        assert isinstance(await world.parties.start(ANA, HERE, ROOM, OneSong(job)), Added)
    return outcome


async def test_a_member_in_a_voice_channel_starts_one_song(world: World) -> None:
    job = await songs.song(world.database, "Rain")
    outcome = await world.parties.start(ANA, HERE, ROOM, OneSong(job, 2))
    assert isinstance(outcome, Started)
    party = outcome.party
    assert (party.voice_channel_id, party.starter_name, party.position) == (ROOM, "Ana", 0)
    assert [(t.song.name, t.version) for t in party.line] == [("Rain", 2)]
    assert party.line[0].audio_url == "https://cdn.example/2.mp3"
    stored = await world.repo.playing(songs.GUILD)
    assert stored is not None
    assert stored.line == ((party.line[0].song.generation_id, 2),)


async def test_refusals_come_before_anything_is_played(world: World) -> None:
    job = await songs.song(world.database, "Rain")
    nowhere = await world.parties.start(ANA, HERE, None, OneSong(job))
    assert isinstance(nowhere, Refusal)
    assert "Join a voice channel" in nowhere.text
    unknown = await world.parties.start(ANA, HERE, ROOM, OneSong("nope"))
    assert isinstance(unknown, Refusal)
    await songs.hide(world.database, job)
    hidden = await world.parties.start(ANA, HERE, ROOM, OneSong(job))
    assert isinstance(hidden, Refusal)
    assert "no finished song" in hidden.text
    await world.moderation.block(songs.GUILD, 10, ANA.member_id, None, "block")
    blocked = await world.parties.start(ANA, HERE, ROOM, Radio())
    assert isinstance(blocked, Refusal)
    assert "paused" in blocked.text
    await world.moderation.set_channel(songs.GUILD, 10, 99, allowed=True, describe="allow")
    elsewhere = await world.parties.start(BEN, HERE, ROOM, Radio())
    assert isinstance(elsewhere, Refusal)
    assert "<#99>" in elsewhere.text
    assert await world.repo.playing(songs.GUILD) is None


async def test_one_party_per_server_and_the_same_channel_adds_to_its_line(world: World) -> None:
    rain, snow = await songs.song(world.database, "Rain"), await songs.song(world.database, "Snow")
    party = (await started(world, rain)).party
    other = await world.parties.start(BEN, Place(songs.GUILD, 7), OTHER_ROOM, OneSong(snow))
    assert isinstance(other, Refusal)
    assert f"<#{ROOM}>" in other.text
    added = await world.parties.start(BEN, HERE, ROOM, OneSong(snow))
    assert isinstance(added, Added)
    assert [t.song.name for t in party.line] == ["Rain", "Snow"]


async def test_a_sessions_songs_in_order_with_lyricists_and_a_challenges_shuffled(
    world: World,
) -> None:
    session_id = await songs.session(world.database, ["Ana", "Ben", "Ana"])
    for name in ("First", "Second"):
        await songs.song(world.database, name, origin="jam", channel_id=songs.THREAD)
    outcome = await world.parties.start(ANA, HERE, ROOM, SessionSongs(session_id))
    assert isinstance(outcome, Started)
    assert [t.song.name for t in outcome.party.line] == ["First", "Second"]
    assert outcome.party.line[0].song.lyricists == ("Ana", "Ben")
    assert not outcome.party.shuffled
    await world.parties.end(outcome.party, Ending.STOPPED)

    entries = [await songs.song(world.database, name) for name in ("A", "B", "C")]
    challenge_id = await songs.challenge(world.database, entries, disqualified=entries[1])
    shuffled = await world.parties.start(ANA, HERE, ROOM, ChallengeEntries(challenge_id))
    assert isinstance(shuffled, Started)
    assert [t.song.name for t in shuffled.party.line] == ["C", "A"]  # the test's shuffle
    assert shuffled.party.shuffled


async def test_who_may_press_the_controls(world: World) -> None:
    job = await songs.song(world.database, "Rain")
    party = (await started(world, job)).party
    ids = songs.GUILD, party.id
    stranger = await world.parties.control(CAT, *ids, None, Control.SKIP)
    assert isinstance(stranger, Refusal)
    assert "Only the member who started" in stranger.text
    assert isinstance(await world.parties.control(CAT, *ids, ROOM, Control.SKIP), Controlled)
    assert isinstance(await world.parties.control(MOD, *ids, None, Control.SKIP), Controlled)
    assert isinstance(await world.parties.control(ANA, *ids, None, Control.PAUSE), Controlled)
    paused = party.paused
    await world.parties.control(ANA, *ids, None, Control.PAUSE)
    assert (paused, party.paused) == (True, False)
    stop = await world.parties.control(BEN, *ids, ROOM, Control.STOP)
    assert isinstance(stop, Controlled)
    assert (party.ending, party.ended_by) == (Ending.STOPPED, "Ben")
    await world.parties.end(party, Ending.END_OF_LINE)  # the player ends it; Stop stays
    assert (party.ending, party.ended_by) == (Ending.STOPPED, "Ben")
    ended = await world.parties.control(ANA, *ids, ROOM, Control.PAUSE)
    assert isinstance(ended, Refusal)
    assert "ended" in ended.text
    record = await world.repo.party(party.id)
    assert record is not None
    assert (record.state, record.ending, record.ended_by) == ("ended", "stopped", "Ben")


async def test_the_line_moves_on_past_songs_hidden_meanwhile(world: World) -> None:
    jobs = [await songs.song(world.database, name) for name in ("A", "B", "C")]
    party = (await started(world, *jobs)).party
    first = await world.parties.next_song(party, first=True)
    assert first is not None
    assert first.song.name == "A"
    await songs.hide(world.database, jobs[1])
    following = await world.parties.next_song(party)
    assert following is not None
    assert following.song.name == "C"
    assert await world.parties.next_song(party) is None
    record = await world.repo.party(party.id)
    assert record is not None
    assert record.position == 3


async def test_the_queue_form_adds_by_job_id_or_name(world: World) -> None:
    rain, snow = await songs.song(world.database, "Rain"), await songs.song(world.database, "Snow")
    party = (await started(world, rain)).party
    by_name = await world.parties.add(BEN, songs.GUILD, party.id, ROOM, wanted="snow", version=2)
    assert isinstance(by_name, Added)
    assert [(t.song.job_id, t.version) for t in by_name.tracks] == [(snow, 2)]
    bad = await world.parties.add(BEN, songs.GUILD, party.id, ROOM, wanted=rain, version=3)
    assert isinstance(bad, Refusal)
    stranger = await world.parties.add(CAT, songs.GUILD, party.id, None, wanted=rain, version=1)
    assert isinstance(stranger, Refusal)


async def test_a_party_left_playing_by_a_restart_ends_and_listen_again_goes_on(
    world: World,
) -> None:
    jobs = [await songs.song(world.database, name) for name in ("A", "B", "C")]
    party = (await started(world, *jobs)).party
    await world.parties.next_song(party, first=True)
    world.parties.running.clear()  # the process that played it is gone
    record = await world.parties.left_over(songs.GUILD)
    assert record is not None
    assert await world.parties.left_over(songs.GUILD) is None  # ended once
    shown = await world.parties.as_ended(record)
    assert (shown.ending, shown.position, len(shown.line)) == (Ending.RESTART, 0, 3)
    again = await world.parties.again(BEN, HERE, ROOM, record.id)
    assert isinstance(again, Started)
    assert [t.song.name for t in again.party.line] == ["B", "C"]
