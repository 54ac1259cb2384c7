"""Reserving and recording songs on both backends, including under concurrency."""

from __future__ import annotations

import asyncio

from bot.features.usage.policy import Refusal
from bot.features.usage.reservations import Reservations, Reserved
from bot.soundverse import JobState
from bot.soundverse.events import parse_event
from bot.store import Database, GenerationRepository, ModerationRepository, UsageRepository
from bot.store.records import Origin
from bot.store.reservation_steps import COUNTS
from tests.bot.store.asks import CHANNEL, GUILD, MEMBER, MOD, ask


def finished_state() -> JobState:
    state = JobState()
    for data in (
        {"type": "job_created", "job_id": "j", "status": "processing"},
        {"status": "validated", "song_name": "Rain"},
        {"status": "completed", "version": 1, "audio_url": "a1", "tokens": 40, "duration": 61.5},
        {"status": "completed", "version": 2, "audio_url": "a2", "tokens": 45, "totalTokens": 85},
        {"status": "completed", "isComplete": True},
    ):
        state.apply(parse_event(data))
    return state


async def test_a_song_is_recorded_from_reservation_to_completion(database: Database) -> None:
    repo = GenerationRepository(database)
    reservations = Reservations(database)
    generation_slot = await reservations.reserve(ask())
    assert isinstance(generation_slot, Reserved)
    generation = generation_slot.id
    await repo.started(generation, "job-1")
    await repo.stage(generation, "validated")
    await repo.completed(generation, finished_state())
    async with database.reading() as db:
        row = await db.fetchrow(
            "SELECT job_id, status, song_name, tokens_v1, tokens_v2, total_tokens, audio_url_v2,"
            " duration_v1, billed FROM generations WHERE id = ?",
            (generation,),
        )
    assert row == ("job-1", "completed", "Rain", 40, 45, 85, "a2", 61.5, 1)
    written = "rowid" if database.backend == "sqlite" else "ctid"  # the order rows were added
    async with database.reading() as db:
        history = await db.fetch(
            f"SELECT status, stage FROM generation_events WHERE generation_id = ?"  # noqa: S608
            f" ORDER BY {written}",
            (generation,),
        )
    assert history == [("queued", None), ("running", "accepted"), ("running", "validated"),
                       ("completed", "done")]  # fmt: skip


async def test_fifty_at_once_with_a_limit_of_three(database: Database) -> None:
    await ModerationRepository(database).set_limits(GUILD, MOD, {"member_daily": 3}, "daily 3")
    reservations = Reservations(database)
    results = await asyncio.gather(*(reservations.reserve(ask()) for _ in range(50)))
    taken = [r for r in results if isinstance(r, Reserved)]
    refused = [r for r in results if isinstance(r, Refusal)]
    assert len(taken) == 3
    assert len(refused) == 47
    assert {r.limit for r in refused} == {"member_daily"}


async def test_server_wide_concurrency_under_load_where_the_server_refuses(
    database: Database,
) -> None:
    moderation = ModerationRepository(database)
    await moderation.set_limits(GUILD, MOD, {"guild_concurrent": 4}, "x")
    await moderation.set_queue(GUILD, MOD, mode="refuse", describe="refuse")
    reservations = Reservations(database)
    results = await asyncio.gather(*(reservations.reserve(ask(user=n)) for n in range(40)))
    assert sum(isinstance(r, Reserved) for r in results) == 4


async def test_a_queueing_server_takes_every_song_into_its_line(database: Database) -> None:
    moderation = ModerationRepository(database)
    await moderation.set_limits(GUILD, MOD, {"guild_concurrent": 4, "guild_waiting": 30}, "x")
    reservations = Reservations(database)
    results = await asyncio.gather(*(reservations.reserve(ask(user=n)) for n in range(40)))
    refused = [r for r in results if isinstance(r, Refusal)]
    assert len(refused) == 10
    assert {r.limit for r in refused} == {"guild_waiting"}
    waiting = await GenerationRepository(database).waiting()
    assert len(waiting) == 30
    # in line in the order asked (with several connections, ids follow who got the lock first)
    assert [w.queued_at for w in waiting] == sorted(w.queued_at for w in waiting)


async def test_a_waiting_song_is_claimed_once_sent_back_and_cancelled(database: Database) -> None:
    repo = GenerationRepository(database)
    slot = await Reservations(database).reserve(ask())
    assert isinstance(slot, Reserved)
    await repo.claim(slot.id)
    await repo.send_back(slot.id)
    (waiting,) = await repo.waiting()
    assert waiting.tries == 1
    assert await repo.cancel(slot.id, "Cancelled")
    assert not await repo.cancel(slot.id, "Cancelled")  # once
    await repo.claim(slot.id)  # a cancelled song stays cancelled
    assert await repo.waiting() == []
    song = await repo.song(GUILD, slot.id)
    assert song is not None
    assert song.record.status == "released"


async def test_when_each_member_was_last_served_on_servers_with_songs_waiting(
    database: Database,
) -> None:
    repo, reservations = GenerationRepository(database), Reservations(database)
    ids = []
    for guild, user in ((GUILD, 100), (GUILD, 101), (GUILD, 100), (GUILD, 102), (2, 300)):
        slot = await reservations.reserve(ask(user=user, guild_id=guild))
        assert isinstance(slot, Reserved)
        ids.append(slot.id)
    first, second, again, _waits, elsewhere = ids
    for song_id in (first, second, again, elsewhere):
        await repo.claim(song_id)
    await repo.send_back(again)  # not started after all: 100's turn is the first song's
    served = {(g, u): at for g, u, at in await repo.last_served()}
    assert set(served) == {(GUILD, 100), (GUILD, 101)}  # server 2 has nothing waiting
    assert served[GUILD, 100] <= served[GUILD, 101]


async def test_unbilled_failures_give_the_slot_back(database: Database) -> None:
    await ModerationRepository(database).set_limits(GUILD, MOD, {"member_daily": 1}, "x")
    repo = GenerationRepository(database)
    reservations = Reservations(database)
    first_slot = await reservations.reserve(ask())
    assert isinstance(first_slot, Reserved)
    first = first_slot.id
    await repo.ended_badly(first, "RateLimitedError", billed=False)
    second_slot = await reservations.reserve(ask())
    assert isinstance(second_slot, Reserved)
    second = second_slot.id
    await repo.started(second, "job-2")
    await repo.ended_badly(second, "JobFailedError", billed=True)
    third_slot = await reservations.reserve(ask())
    assert isinstance(third_slot, Refusal)


async def test_usage_figures(database: Database) -> None:
    repo = GenerationRepository(database)
    reservations = Reservations(database)
    for user in (MEMBER, MEMBER, 200):
        generation_slot = await reservations.reserve(ask(user=user))
        assert isinstance(generation_slot, Reserved)
        await repo.completed(generation_slot.id, finished_state())
    usage = UsageRepository(database)
    mine = await usage.member(GUILD, MEMBER, day_start=0, week_start=0)
    assert (mine.today.songs, mine.today.tokens, mine.all_time.songs) == (2, 170, 2)
    server = await usage.guild(GUILD, day_start=0, utc_offset=0)
    assert server.all_time.songs == 3
    assert server.top[0] == (MEMBER, mine.all_time)
    assert sum(n for _, n in server.per_day) == 3


async def test_a_song_keeps_its_lyrics_lineage_and_messages(database: Database) -> None:
    repo = GenerationRepository(database)
    reservations = Reservations(database)
    first_slot = await reservations.reserve(ask(request='{"prompt":"rain"}'))
    assert isinstance(first_slot, Reserved)
    first = first_slot.id
    state = finished_state()
    state.apply(parse_event({"status": "completed", "version": 1, "audio_url": "a1",
                             "lyrics_sections": [{"label": "Verse", "text": "la"}]}))  # fmt: skip
    await repo.started(first, "job-1")
    await repo.completed(first, state)
    await repo.attach_message(first, 500)
    await repo.add_message(first, CHANNEL, 501)
    await repo.add_message(first, CHANNEL, 501)  # recorded once
    second_slot = await reservations.reserve(ask(parent_id=first, origin=Origin.REMIX))
    assert isinstance(second_slot, Reserved)
    second = second_slot.id

    song = await repo.song(GUILD, first)
    assert song is not None
    assert song.request == '{"prompt":"rain"}'
    assert song.audio_urls == {1: "a1", 2: "a2"}
    assert [(s.label, s.text) for s in song.lyrics or []] == [("Verse", "la")]
    assert await repo.messages(first) == [(CHANNEL, 500), (CHANNEL, 501)]
    child = await repo.song(GUILD, second)
    assert child is not None
    assert child.record.origin is Origin.REMIX
    assert child.parent is not None
    assert child.parent.id == first
    assert child.record.parent_name == "Rain"
    assert child.lyrics is None  # not finished: nothing recorded yet
    assert await repo.song(GUILD + 1, first) is None  # another server's song is not found


async def test_a_deleted_song_still_counts(database: Database) -> None:
    repo = GenerationRepository(database)
    moderation = ModerationRepository(database)
    await moderation.set_limits(GUILD, MOD, {"member_daily": 1}, "limits")
    reservations = Reservations(database)
    first_slot = await reservations.reserve(ask())
    assert isinstance(first_slot, Reserved)
    first = first_slot.id
    await repo.mark_deleted(first)
    song = await repo.song(GUILD, first)
    assert song is not None
    assert song.record.deleted
    assert isinstance(await reservations.reserve(ask()), Refusal)


async def test_the_limit_counts_read_only_the_counted_songs_index(
    sqlite_database: Database,
) -> None:
    """The partial indexes' condition must be ``COUNTED`` to the letter, or SQLite would
    visit every row of the day again."""
    async with sqlite_database.reading() as db:
        plan = await db.fetch(f"EXPLAIN QUERY PLAN {COUNTS}", {"user": 1, "guild": 1, "day": 0.0})
    details = " ".join(row[3] for row in plan)
    assert "generations_counted_by_guild" in details
    assert "generations_counted_by_member" in details
