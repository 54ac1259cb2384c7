"""Opening a session, in one place: the channel rule, who may start, a song's lyrics."""

from __future__ import annotations

from bot.core.acting import Actor, Refusal
from bot.features.jam import texts
from bot.features.jam.actions import Mode
from bot.features.jam.opening import NO_SONG, Opening, from_song
from bot.features.jam.outcomes import Opened
from bot.soundverse import LyricsSection
from bot.store.records import SongStatus
from bot.store.song_records import SongDetail, SongRecord
from tests.bot.features.jam.conftest import CHANNEL, GUILD, HERE, HOST, MODERATOR, Jam

OPENING = Opening("Harbour", "shanty", Mode.OPEN)


async def test_only_in_a_channel_where_songs_are_made(jam: Jam) -> None:
    await jam.moderation.set_channel(GUILD, 0, CHANNEL + 1, allowed=True, describe="x")
    assert await jam.openings.start(HOST, HERE, OPENING) == Refusal(texts.CHANNEL_OFF)
    refused = await jam.openings.start_from_job(HOST, HERE, OPENING, "job")
    assert refused == Refusal(texts.CHANNEL_OFF)
    await jam.moderation.set_channel(GUILD, 0, CHANNEL, allowed=True, describe="x")
    assert isinstance(await jam.openings.start(HOST, HERE, OPENING), Opened)


async def test_the_servers_rules_for_who_may_start_and_how_many(jam: Jam) -> None:
    await jam.repo.set_settings(GUILD, {"starter_role_id": 77, "max_open": 1})
    refused = await jam.openings.start(HOST, HERE, OPENING)
    assert isinstance(refused, Refusal)
    assert "Only members with the <@&77> role" in refused.text
    dj = Actor(20, "DJ", role_ids=frozenset({77}))
    opened = await jam.openings.start(dj, HERE, OPENING)
    assert isinstance(opened, Opened)
    full = await jam.openings.start(MODERATOR, HERE, OPENING)
    assert isinstance(full, Refusal)
    assert "already has 1 open sessions" in full.text


async def test_an_unknown_job_is_refused(jam: Jam) -> None:
    assert await jam.openings.start_from_job(HOST, HERE, OPENING, " nope ") == Refusal(NO_SONG)


def test_the_jam_button_opens_on_the_songs_lyrics_credited_to_its_maker() -> None:
    record = SongRecord(
        id=1,
        guild_id=GUILD,
        channel_id=CHANNEL,
        user_id=5,
        job_id="j",
        status=SongStatus.COMPLETED,
        song_name="Sea\n  Song",
        message_id=None,
        created_at=0.0,
        requester="Ana",
        prompt="shanty",
        lyrics_source="generated",
    )
    lyrics = [LyricsSection.model_validate({"label": "Chorus", "text": "hey ho"})]
    opening = from_song(SongDetail(record, None, {}, lyrics, None))
    assert opening == Opening("Sea Song", "shanty", Mode.OPEN, lyrics, (5, "Ana"))
