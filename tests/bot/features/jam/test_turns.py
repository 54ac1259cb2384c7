"""Turns as use cases: who may write, the turn passing on, the clock."""

from __future__ import annotations

from bot.core.acting import Done, Refusal
from bot.features.jam import texts
from bot.features.jam.actions import JamAction, Mode
from tests.bot.features.jam.conftest import ANA, BEN, Jam


async def test_members_write_in_turns_and_the_one_whose_turn_it_is_is_mentioned(
    jam: Jam,
) -> None:
    session = await jam.open(Mode.TURNS)
    assert await jam.service.add(ANA, session.id, "verse-1", ("x",)) == Refusal(texts.JOIN_FIRST)
    for member in (ANA, BEN):
        joined = await jam.service.pressed(member, JamAction.JOIN, session.id)
        assert isinstance(joined, Done)
        assert joined.then is not None
        await joined.then()
    assert jam.board.said[-1] == (session.id, texts.turn(f"<@{ANA.member_id}>", 10), ANA.member_id)
    refused = await jam.service.add(BEN, session.id, "verse-1", ("me first",))
    assert refused == Refusal("It's Ana's turn. Press **Join** to get a turn of your own.")
    added = await jam.service.add(ANA, session.id, "verse-1", ("mine",))
    assert isinstance(added, Done)
    assert added.then is not None
    await added.then()
    assert jam.board.said[-1][2] == BEN.member_id


async def test_a_missed_turn_passes_on_and_an_idle_session_ends(jam: Jam) -> None:
    session = await jam.open(Mode.TURNS)
    for member in (ANA, BEN):
        await jam.service.pressed(member, JamAction.JOIN, session.id)
    jam.clock.now += 11 * 60
    next_at = await jam.turns.tick()
    assert next_at == jam.clock.now + 10 * 60
    assert jam.board.said[-1][1].startswith("⏭️ Ana's turn passed.")
    current = await jam.repo.session(session.id)
    assert current is not None
    assert current.turn_user_id == BEN.member_id
    jam.clock.now += 25 * 3600
    await jam.turns.tick()
    assert jam.board.ends == [session.id]
    ended = await jam.repo.session(session.id)
    assert ended is not None
    assert ended.end_reason == "no new line for 24 hours"


async def test_leaving_passes_the_turn(jam: Jam) -> None:
    session = await jam.open(Mode.TURNS)
    for member in (ANA, BEN):
        await jam.service.pressed(member, JamAction.JOIN, session.id)
    left = await jam.service.pressed(ANA, JamAction.LEAVE, session.id)
    assert isinstance(left, Done)
    assert left.text == texts.LEFT
    current = await jam.repo.session(session.id)
    assert current is not None
    assert current.turn_user_id == BEN.member_id
