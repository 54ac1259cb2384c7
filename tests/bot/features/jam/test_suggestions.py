"""Approve mode as use cases: suggestions, the host's say, members' majority."""

from __future__ import annotations

from bot.core.acting import Actor, Done, Refusal
from bot.features.jam import texts
from bot.features.jam.actions import JamAction, LineVote, Mode
from bot.features.jam.outcomes import VoteCounted
from bot.features.jam.suggestions import JOIN_TO_VOTE
from tests.bot.features.jam.conftest import ANA, BEN, HOST, Jam


async def suggest(jam: Jam, session_id: int, text: str) -> int:
    added = await jam.service.add(ANA, session_id, "verse-1", (text,))
    assert isinstance(added, Done)
    assert added.text == "Thanks! Your 1 line waits for approval in the thread."
    assert added.then is not None
    await added.then()
    return jam.board.suggested[-1][1]


async def test_a_majority_of_members_approves(jam: Jam) -> None:
    session = await jam.open(Mode.APPROVE)
    for member in (ANA, BEN):
        await jam.service.pressed(member, JamAction.JOIN, session.id)
    line_id = await suggest(jam, session.id, "first light")
    posted = await jam.repo.line(line_id)
    assert posted is not None
    assert posted.message_id == 9000 + line_id
    stranger = Actor(50, "Stranger")
    assert await jam.service.suggestions.vote(stranger, LineVote.YES, line_id) == Refusal(
        JOIN_TO_VOTE
    )
    first = await jam.service.suggestions.vote(ANA, LineVote.YES, line_id)
    assert isinstance(first, VoteCounted)
    assert not first.decided
    assert "👍 1 · 👎 0 · 2 needed" in first.text
    second = await jam.service.suggestions.vote(BEN, LineVote.YES, line_id)
    assert isinstance(second, VoteCounted)
    assert second.decided
    assert "On the sheet" in second.text
    again = await jam.service.suggestions.vote(BEN, LineVote.NO, line_id)
    assert again == Refusal(texts.NOT_SUGGESTION)


async def test_the_host_decides_alone_and_a_taken_back_line_is_withdrawn(jam: Jam) -> None:
    session = await jam.open(Mode.APPROVE)
    rejected = await suggest(jam, session.id, "no")
    decided = await jam.service.suggestions.vote(HOST, LineVote.NO, rejected)
    assert isinstance(decided, VoteCounted)
    assert decided.decided
    assert "Not taken" in decided.text
    jam.clock.now += 1
    waiting = await suggest(jam, session.id, "maybe")
    undone = await jam.service.pressed(ANA, JamAction.UNDO, session.id)
    assert isinstance(undone, Done)
    assert undone.then is not None
    await undone.then()
    assert jam.board.withdrawn == [(9000 + waiting, jam.board.withdrawn[0][1])]
    assert "Taken back" in jam.board.withdrawn[0][1]
