"""An entry's post, made exactly once: an entry whose process died before posting it (or
whose post Discord failed) is posted by the clock once its claim ran out, never while it holds;
an entry posted after voting opened carries its Vote button, and one on its way while voting
opened gets it."""

from __future__ import annotations

from bot.core.acting import Done
from bot.features.challenges.opening import CLAIM_SECONDS
from tests.bot.features.challenges.conftest import ANA, BEN, World


async def entered_unposted(w: World, name: str) -> int:
    """Ana enters a song, and her process dies before posting it: the entry's id."""
    challenge = await w.repo.latest(1)
    assert challenge is not None
    song = await w.song(ANA, name)
    done = await w.entries.enter(ANA, challenge.id, song)
    assert isinstance(done, Done)  # its `then`, the post, never runs
    [entry] = [e for e in await w.repo.entries(challenge.id) if e.generation_id == song]
    return entry.id


async def test_an_entry_never_posted_is_posted_once_its_claim_ran_out(world: World) -> None:
    w = world
    challenge = await w.start(entries_for="1h", voting_for="1h")
    await w.enter(BEN, "Ben's")
    entry_id = await entered_unposted(w, "Ana's")
    next_look = await w.deadlines.tick()
    assert w.board.entries == [(1, entry_id - 1)]  # its claim holds: nobody posts it yet
    assert next_look == w.clock.now + CLAIM_SECONDS  # the clock looks again when it ends

    w.clock.now += CLAIM_SECONDS
    await w.deadlines.tick()
    await w.deadlines.tick()
    assert w.board.entries == [(1, entry_id - 1), (2, entry_id)]  # once, with its number
    entry = await w.repo.entry(entry_id)
    assert entry is not None
    assert (entry.message_id, entry.claim_until) == (5000 + entry_id, None)
    assert await w.deadlines.tick() == challenge.entries_close


async def test_a_post_discord_failed_is_tried_again_after_its_claim(world: World) -> None:
    w = world
    await w.start(entries_for="1h", voting_for="1h")
    w.board.failing = True
    entry_id = await w.enter(ANA, "Ana's")  # its post failed: no message
    entry = await w.repo.entry(entry_id)
    assert entry is not None
    assert entry.message_id is None
    w.board.failing = False
    await w.deadlines.tick()
    assert w.board.entries == []  # it may have reached Discord: not before the claim ends
    w.clock.now += CLAIM_SECONDS
    await w.deadlines.tick()
    assert w.board.entries == [(1, entry_id)]


async def test_an_entry_posted_after_voting_opened_has_its_vote_button(world: World) -> None:
    w = world
    challenge = await w.start(entries_for="1h", voting_for="1h")
    entry_id = await entered_unposted(w, "Ana's")
    assert await w.deadlines.close_entries(challenge.id)  # another process opened voting
    w.clock.now += CLAIM_SECONDS
    await w.deadlines.tick()
    assert w.board.with_vote == [entry_id]
    assert w.board.buttons == []


async def test_voting_opening_while_an_entry_is_on_its_way_gives_it_its_vote_button(
    world: World,
) -> None:
    w = world
    challenge = await w.start(entries_for="1h", voting_for="1h")
    # Voting opens after the entry's post is made, before its message id is recorded.
    w.board.while_posting = lambda: w.deadlines.close_entries(challenge.id)
    entry_id = await w.enter(ANA, "Ana's")
    assert w.board.with_vote == []
    assert w.board.buttons == [(entry_id, "voting")]
