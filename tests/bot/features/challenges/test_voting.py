"""Voting: once voting is open, one vote per member (a second moves it), never for one's own
entry, not by members new to the server, paused members, bots, or for a disqualified entry;
closed at its deadline."""

from __future__ import annotations

import dataclasses

from bot.core.acting import Actor, Done, Refusal
from tests.bot.features.challenges.conftest import ANA, BEN, CAT, MOD, World


async def test_a_vote_is_one_per_member_and_moves(world: World) -> None:
    challenge = await world.start(entries_for="1h", voting_for="1h")
    ana, ben = await world.enter(ANA, "Ana's"), await world.enter(BEN, "Ben's")
    early = await world.votes.vote(CAT, ana)
    assert isinstance(early, Refusal)
    assert "hasn't started" in early.text
    await world.to_voting(challenge)
    first = await world.votes.vote(CAT, ana)
    assert isinstance(first, Done)
    assert "Your vote is for **Ana's** by Ana" in first.text
    same = await world.votes.vote(CAT, ana)
    assert isinstance(same, Done)
    assert "already" in same.text
    moved = await world.votes.vote(CAT, ben)
    assert isinstance(moved, Done)
    assert "moved" in moved.text
    assert await world.repo.tally(challenge.id) == {ana: 0, ben: 1}
    assert await world.repo.vote_of(challenge.id, CAT.member_id) == ben


async def test_who_may_not_vote(world: World) -> None:
    challenge = await world.start(entries_for="1h", voting_for="1h")
    ana = await world.enter(ANA, "Ana's")
    await world.to_voting(challenge)
    await world.pause(BEN)
    newcomer = Actor(20, "New", joined_at=world.clock.now - 60)
    for voter, why in (
        (ANA, "your own"),
        (newcomer, "joined less than 1 days"),
        (BEN, "paused"),
        (dataclasses.replace(CAT, bot=True), "Bots"),
    ):
        refused = await world.votes.vote(voter, ana)
        assert isinstance(refused, Refusal), voter
        assert why in refused.text
    assert await world.repo.tally(challenge.id) == {ana: 0}


async def test_a_disqualified_entry_and_a_gone_one_take_no_votes(world: World) -> None:
    challenge = await world.start(entries_for="1h", voting_for="1h", entries_per_member=2)
    ana = await world.enter(ANA, "Ana's")
    await world.enter(ANA, "Ana's second")
    await world.repo.disqualify(ana, "not about rain")
    await world.to_voting(challenge)
    out = await world.votes.vote(CAT, ana)
    assert isinstance(out, Refusal)
    assert "disqualified" in out.text
    gone = await world.votes.vote(CAT, 999_999)
    assert isinstance(gone, Refusal)
    assert "no longer" in gone.text


async def test_voting_closes_at_its_deadline(world: World) -> None:
    challenge = await world.start(entries_for="1h", voting_for="1h")
    ana = await world.enter(ANA, "Ana's")
    await world.to_voting(challenge)
    world.clock.now = challenge.voting_close
    late = await world.votes.vote(MOD, ana)
    assert isinstance(late, Refusal)
    assert "closed" in late.text
