"""The challenges' clock: entries close and voting opens, voting closes with the places
(a tie shares its place) and the season's points, a deadline passed while the bot was down
is acted on at once, each step taken once, a recurring challenge's next one started."""

from __future__ import annotations

from bot.core.acting import Done
from tests.bot.features.challenges.conftest import ANA, BEN, CAT, GUILD, MOD, World


async def test_a_challenge_from_entries_to_a_shared_podium(world: World) -> None:
    w = world
    challenge = await w.start(entries_for="1h", voting_for="1h")
    assert await w.deadlines.tick() == challenge.entries_close
    ana, ben = await w.enter(ANA, "Ana's"), await w.enter(BEN, "Ben's")
    cat = await w.enter(CAT, "Cat's")
    await w.to_voting(challenge)
    assert w.board.voting == [challenge.id]
    for voter, entry in ((BEN, ana), (CAT, ben), (MOD, cat), (ANA, ben)):
        assert isinstance(await w.votes.vote(voter, entry), Done)

    w.clock.now = challenge.voting_close + 1
    await w.deadlines.tick()
    [(closed, placed)] = w.board.podiums
    assert closed == challenge.id
    assert [(p.entry_id, p.place, p.votes, p.points) for p in placed] == [
        (ben, 1, 2, 3), (ana, 2, 1, 2), (cat, 2, 1, 2),
    ]  # fmt: skip
    standings = await w.repo.leaderboard(GUILD, 1)
    assert [(s.user_id, s.points) for s in standings] == [
        (BEN.member_id, 3), (ANA.member_id, 2), (CAT.member_id, 2),
    ]  # fmt: skip
    await w.deadlines.tick()
    assert len(w.board.podiums) == 1  # posted once


async def test_each_step_is_won_by_one_transaction(world: World) -> None:
    challenge = await world.start(entries_for="1h", voting_for="1h")
    await world.enter(ANA, "Ana's")
    assert await world.deadlines.close_entries(challenge.id)
    assert not await world.deadlines.close_entries(challenge.id)
    assert await world.deadlines.close_voting(challenge.id)
    assert not await world.deadlines.close_voting(challenge.id)


async def test_deadlines_passed_while_down_are_acted_on_at_once(world: World) -> None:
    challenge = await world.start(entries_for="1h", voting_for="1h")
    await world.enter(ANA, "Ana's")
    world.clock.now = challenge.voting_close + 86400  # the bot was down all along
    await world.deadlines.tick()
    await world.deadlines.tick()
    current = await world.repo.challenge(challenge.id)
    assert current is not None
    assert (current.state, current.shown) == ("closed", "closed")
    assert world.board.voting == [challenge.id]
    assert [c for c, _placed in world.board.podiums] == [challenge.id]


async def test_a_challenge_nobody_entered_closes_and_a_recurring_one_repeats(
    world: World,
) -> None:
    challenge = await world.start(entries_for="1h", voting_for="1h", more_themes=("snow",))
    await world.to_voting(challenge)
    current = await world.repo.challenge(challenge.id)
    assert current is not None
    assert current.state == "closed"
    assert world.board.voting == []
    [nxt] = await world.repo.live(GUILD)
    assert (nxt.theme, nxt.entries_close) == ("snow", world.clock.now + 3600)
    await world.deadlines.tick()
    assert world.board.announced == [nxt.id]
