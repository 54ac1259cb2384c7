"""The challenge use cases with plain values: entering, voting, the deadlines and the
podium, the moderators' tools."""

from __future__ import annotations

from bot.features.challenges.outcomes import Actor, Done, Refusal, SongsOffered
from tests.bot.features.challenges.conftest import ANA, BEN, CAT, HERE, MOD, NOW, World
from tests.bot.store.challenge_rows import finished_song


async def enter(w: World, actor: Actor, name: str) -> int:
    challenge = await w.repo.latest(HERE.guild_id)
    assert challenge is not None
    song = await finished_song(w.repo.database, HERE.guild_id, actor.user_id, name, NOW + 1)
    offered = await w.entries.offer(actor, challenge.id)
    assert isinstance(offered, SongsOffered)
    done = await w.entries.enter(actor, challenge.id, song)
    assert isinstance(done, Done), done
    assert done.then is not None
    await done.then()
    [entry] = [e for e in await w.repo.entries(challenge.id) if e.generation_id == song]
    return entry.id


async def test_a_challenge_from_entries_to_a_shared_podium(world: World) -> None:
    w = world
    challenge = await w.start(entries_for="1h", voting_for="1h")
    ana, ben = await enter(w, ANA, "Ana's"), await enter(w, BEN, "Ben's")
    cat = await enter(w, CAT, "Cat's")
    second = await finished_song(w.repo.database, 1, ANA.user_id, "again", NOW + 2)
    refused = await w.entries.enter(ANA, challenge.id, second)
    assert isinstance(refused, Refusal)
    assert "as many songs" in refused.text
    early = await w.votes.vote(BEN, ana)
    assert isinstance(early, Refusal)
    assert "hasn't started" in early.text

    w.clock.now += 3601
    await w.deadlines.tick()
    assert w.board.voting == [challenge.id]
    own = await w.votes.vote(ANA, ana)
    assert isinstance(own, Refusal)
    assert "your own" in own.text
    new = await w.votes.vote(Actor(20, "New", joined_at=w.clock.now - 60), ana)
    assert isinstance(new, Refusal)
    assert "joined less than 1 days" in new.text
    first = await w.votes.vote(BEN, cat)
    assert isinstance(first, Done)
    assert "Your vote is for" in first.text
    moved = await w.votes.vote(BEN, ana)
    assert isinstance(moved, Done)
    assert "moved" in moved.text
    assert isinstance(await w.votes.vote(CAT, ben), Done)
    assert isinstance(await w.votes.vote(MOD, cat), Done)
    assert isinstance(await w.votes.vote(ANA, ben), Done)

    w.clock.now += 3601
    await w.deadlines.tick()
    [(closed, placed)] = w.board.podiums
    assert closed == challenge.id
    assert [(p.entry_id, p.place, p.votes, p.points) for p in placed] == [
        (ben, 1, 2, 3), (ana, 2, 1, 2), (cat, 2, 1, 2),
    ]  # fmt: skip
    late = await w.votes.vote(CAT, ana)
    assert isinstance(late, Refusal)
    standings = await w.repo.leaderboard(1, 1)
    assert [(s.user_id, s.points) for s in standings] == [(BEN.user_id, 3), (ANA.user_id, 2),
                                                          (CAT.user_id, 2)]  # fmt: skip


async def test_a_blocked_member_neither_enters_nor_votes(world: World) -> None:
    w = world
    challenge = await w.start()
    entry = await enter(w, ANA, "Ana's")
    await w.repo.database.write(
        "INSERT INTO blocked_members (guild_id, user_id, blocked_by, created_at)"
        " VALUES (?, ?, ?, ?)",
        (1, BEN.user_id, MOD.user_id, NOW),
    )
    assert isinstance(await w.entries.offer(BEN, challenge.id), Refusal)
    ended = await w.tools.end_now(MOD, challenge.id)
    assert isinstance(ended, Done)
    assert ended.then is not None
    await ended.then()
    vote = await w.votes.vote(BEN, entry)
    assert isinstance(vote, Refusal)
    assert "paused" in vote.text


async def test_moderators_extend_disqualify_and_a_recurring_challenge_repeats(
    world: World,
) -> None:
    w = world
    challenge = await w.start(entries_for="1h", voting_for="1h", more_themes=("snow",))
    assert isinstance(await w.tools.extend(ANA, HERE, "1h"), Refusal)
    extended = await w.tools.extend(MOD, HERE, "2h")
    assert isinstance(extended, Done)
    await enter(w, ANA, "Ana's")
    out = await w.tools.disqualify(MOD, HERE, 1, "not about rain")
    assert isinstance(out, Done)
    w.clock.now += 3601 * 2
    await w.deadlines.tick()
    current = await w.repo.challenge(challenge.id)
    assert current is not None
    assert current.state == "entries"  # extended by two hours
    w.clock.now += 3600
    await w.deadlines.tick()
    current = await w.repo.challenge(challenge.id)
    assert current is not None
    assert current.state == "closed"  # nobody left in the running
    [nxt] = await w.repo.live(1)
    assert nxt.theme == "snow"
    await w.deadlines.tick()  # the clock woke at once for the new challenge
    assert w.board.announced == [nxt.id]
