"""The challenge repository on both backends: one vote per member that moves, a state change
only one transaction wins, a posting claim only one process holds, results into a season."""

from __future__ import annotations

import asyncio

from bot.store import Database
from bot.store.challenges import ChallengeRepository, NewChallenge, Placed
from tests.bot.store.challenge_rows import finished_song

GUILD, CHANNEL, HOST, ANA, BEN = 1, 2, 10, 11, 12
NOW = 1_800_000_000.0


async def started(repo: ChallengeRepository) -> int:
    new = NewChallenge(GUILD, CHANNEL, HOST, "Host", "rain", None, 1, NOW, NOW + 60, NOW + 120,
                       None, claim_until=NOW + 30)  # fmt: skip
    async with repo.starting(GUILD) as db:
        return await repo.create(new, connection=db)


async def entered(repo: ChallengeRepository, challenge_id: int, user_id: int) -> int:
    song = await finished_song(repo.database, GUILD, user_id, f"song {user_id}", NOW)
    async with repo.locked(challenge_id) as db:
        return await repo.add_entry(challenge_id, user_id, f"m{user_id}", song, "s", NOW, [99],
                                    connection=db)  # fmt: skip


async def test_a_vote_is_one_per_member_and_moves(database: Database) -> None:
    repo = ChallengeRepository(database)
    cid = await started(repo)
    ana, ben = await entered(repo, cid, ANA), await entered(repo, cid, BEN)
    assert await repo.credited(ana, 99)
    assert await repo.credited(ana, ANA)
    assert not await repo.credited(ana, BEN)
    for entry in (ana, ben):
        async with repo.ballot() as db:
            await repo.vote(cid, HOST, entry, NOW, connection=db)
    assert await repo.vote_of(cid, HOST) == ben
    assert await repo.tally(cid) == {ana: 0, ben: 1}


async def test_only_one_transaction_moves_a_state_and_one_process_claims(
    database: Database,
) -> None:
    repo = ChallengeRepository(database)
    cid = await started(repo)
    moves = await asyncio.gather(*(repo.move(cid, "entries", "voting") for _ in range(5)))
    assert sorted(moves) == [False] * 4 + [True]
    assert not await repo.claim(cid, NOW, NOW + 30)  # the starting process holds it
    claims = await asyncio.gather(*(repo.claim(cid, NOW + 31, NOW + 60) for _ in range(5)))
    assert claims.count(True) == 1
    await repo.shown_as(cid, "voting")
    assert not await repo.claim(cid, NOW + 100, NOW + 130)  # nothing left to post
    challenge = await repo.challenge(cid)
    assert challenge is not None
    assert (challenge.state, challenge.shown) == ("voting", "voting")


async def test_results_go_to_the_season_and_a_new_season_starts_again(database: Database) -> None:
    repo = ChallengeRepository(database)
    cid = await started(repo)
    entry = await entered(repo, cid, ANA)
    async with repo.locked(cid) as db:
        await repo.save_results(cid, GUILD, 1, [Placed(entry, ANA, "Ana", 1, 4, 3)], connection=db)
    [standing] = await repo.leaderboard(GUILD, 1)
    assert (standing.user_id, standing.points, standing.wins) == (ANA, 3, 1)
    assert await repo.new_season(GUILD, by=HOST, change="season {season}") == 2
    assert await repo.leaderboard(GUILD, 2) == []
    await repo.set_settings(GUILD, {"min_member_days": 3.0}, by=HOST, change="days = 3")
    settings = await repo.settings(GUILD)
    assert (settings.min_member_days, settings.season) == (3.0, 2)
    async with database.reading() as db:
        logged = await db.fetch("SELECT change FROM settings_log ORDER BY id")
    assert [row[0] for row in logged] == ["season 2", "days = 3"]


async def test_songs_made_for_the_challenge_are_found_in_its_thread(database: Database) -> None:
    repo = ChallengeRepository(database)
    cid = await started(repo)
    await repo.announced(cid, 500, 600)
    await finished_song(database, GUILD, ANA, "made", NOW + 1, origin="challenge", channel_id=600)
    await finished_song(database, GUILD, BEN, "busy", NOW + 1, origin="challenge",
                        channel_id=600, status="running")  # fmt: skip
    challenge = await repo.challenge(cid)
    assert challenge is not None
    made, making = await repo.made_for(challenge)
    assert [s.song_name for s in made] == ["made"]
    assert making == 1
    assert [s.song_name for s in await repo.finished_songs(GUILD, ANA, NOW)] == ["made"]


async def test_an_entry_post_is_claimed_once_until_its_claim_runs_out(database: Database) -> None:
    repo = ChallengeRepository(database)
    cid = await started(repo)
    song = await finished_song(database, GUILD, ANA, "song", NOW)
    async with repo.locked(cid) as db:
        entry_id = await repo.add_entry(cid, ANA, "Ana", song, "s", NOW, (),
                                        claim_until=NOW + 30, connection=db)  # fmt: skip
    assert not await repo.claim_entry(entry_id, NOW + 10, NOW + 40)  # its poster holds it
    claims = await asyncio.gather(*(repo.claim_entry(entry_id, NOW + 30, NOW + 60)
                                    for _ in range(5)))  # fmt: skip
    assert claims.count(True) == 1  # the expired claim is taken, by one
    entry = await repo.entry(entry_id)
    assert entry is not None
    assert (entry.message_id, entry.claim_until) == (None, NOW + 60)
    await repo.entry_posted(entry_id, 777)
    assert not await repo.claim_entry(entry_id, NOW + 100, NOW + 130)  # nothing left to post
    entry = await repo.entry(entry_id)
    assert entry is not None
    assert (entry.message_id, entry.claim_until) == (777, None)
