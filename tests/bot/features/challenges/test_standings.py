"""/challenge show and /challenge leaderboard: counts hidden until the end, the member's own
vote shown, the season's points."""

from __future__ import annotations

from bot.core.acting import Refusal
from bot.features.challenges.outcomes import Overview
from tests.bot.features.challenges.conftest import ANA, BEN, CAT, HERE, World


async def test_show_hides_the_counts_until_the_end(world: World) -> None:
    none = await world.standings.show(CAT, HERE)
    assert isinstance(none, Refusal)
    assert "no challenge running" in none.text
    challenge = await world.start(entries_for="1h", voting_for="1h")
    ana = await world.enter(ANA, "Ana's")
    await world.enter(BEN, "Ben's")
    await world.to_voting(challenge)
    await world.votes.vote(CAT, ana)
    during = await world.standings.show(CAT, HERE)
    assert isinstance(during, Overview)
    assert (during.my_vote, during.placed, len(during.entries)) == (ana, (), 2)
    world.clock.now = challenge.voting_close
    await world.deadlines.tick()
    after = await world.standings.show(BEN, HERE)
    assert isinstance(after, Overview)
    assert after.my_vote is None
    assert [(p.entry_id, p.votes) for p in after.placed] == [(ana, 1)]
    board = await world.standings.leaderboard(HERE)
    assert board.season == 1
    assert [(s.user_id, s.points) for s in board.standings] == [(ANA.member_id, 3)]
