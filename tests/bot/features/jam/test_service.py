"""Members' actions as use cases: plain values in, outcomes out, no Discord."""

from __future__ import annotations

from bot.core.acting import Done, Refusal
from bot.features.jam import texts
from bot.features.jam.actions import JamAction, Mode
from bot.features.jam.outcomes import AddAsked, Exported
from tests.bot.features.jam.conftest import ANA, BEN, GUILD, HOST, Jam


async def test_a_line_goes_on_the_sheet_and_the_thread_hears_after_the_answer(jam: Jam) -> None:
    session = await jam.open()
    done = await jam.service.add(ANA, session.id, "verse-1", ("the tide",))
    assert isinstance(done, Done)
    assert done.text == "Added your 1 line to the sheet."
    assert jam.board.changes == []  # nothing before the member's answer
    assert done.then is not None
    await done.then()
    assert jam.board.changes == [session.id]
    [line] = await jam.repo.lines(session.id)
    assert (line.text, line.author_name, line.status) == ("the tide", "Ana", "live")


async def test_add_lines_asks_for_the_form_where_the_member_wrote_last(jam: Jam) -> None:
    session = await jam.open(title="*Harbour*")
    await jam.service.add(ANA, session.id, "chorus", ("hey",))
    asked = await jam.service.pressed(ANA, JamAction.ADD, session.id)
    assert asked == AddAsked(session.id, "\\*Harbour\\*", frozenset({"chorus"}), "chorus", 200)


async def test_refusals_name_the_rule(jam: Jam) -> None:
    session = await jam.open()
    assert await jam.service.add(ANA, session.id, None, ("x",)) == Refusal(texts.NO_SECTION)
    assert await jam.service.add(ANA, 999, "verse-1", ("x",)) == Refusal(texts.GONE)
    await jam.moderation.block(GUILD, HOST.member_id, BEN.member_id, None, "block")
    assert await jam.service.add(BEN, session.id, "verse-1", ("x",)) == Refusal(texts.BLOCKED)
    await jam.repo.set_state(session.id, "locked")
    assert await jam.service.pressed(ANA, JamAction.ADD, session.id) == Refusal(texts.LOCKED)
    assert await jam.service.pressed(ANA, JamAction.UNDO, 999) == Refusal(texts.GONE)


async def test_undo_takes_back_the_members_last_line(jam: Jam) -> None:
    session = await jam.open()
    assert await jam.service.pressed(ANA, JamAction.UNDO, session.id) == Refusal(
        texts.NOTHING_TO_UNDO
    )
    await jam.service.add(ANA, session.id, "verse-1", ("one",))
    jam.clock.now += 1
    await jam.service.add(ANA, session.id, "verse-1", ("two",))
    undone = await jam.service.pressed(ANA, JamAction.UNDO, session.id)
    assert isinstance(undone, Done)
    assert undone.text == texts.undone("“two”")
    assert [x.status for x in await jam.repo.lines(session.id)] == ["live", "removed"]


async def test_joining_is_for_modes_that_have_members(jam: Jam) -> None:
    open_session = await jam.open()
    refused = await jam.service.pressed(ANA, JamAction.JOIN, open_session.id)
    assert refused == Refusal(texts.NOT_TURNS)
    voting = await jam.open(Mode.APPROVE)
    joined = await jam.service.pressed(ANA, JamAction.JOIN, voting.id)
    assert isinstance(joined, Done)
    assert joined.text == texts.JOINED_VOTES
    left = await jam.service.pressed(BEN, JamAction.LEAVE, voting.id)
    assert isinstance(left, Done)
    assert left.text == texts.NOT_JOINED


async def test_export_keeps_a_hidden_sheet_from_members_until_revealed(jam: Jam) -> None:
    session = await jam.open(Mode.HIDDEN)
    await jam.service.add(ANA, session.id, "verse-1", ("secret",))
    assert await jam.service.export(ANA, session.id) == Refusal(texts.STILL_HIDDEN)
    exported = await jam.service.export(HOST, session.id)
    assert isinstance(exported, Exported)
    assert exported.filename == "Harbour.txt"
    assert "secret    (Ana)" in exported.content
    await jam.repo.end(session.id, 2000.0, "done")
    assert await jam.service.pressed(ANA, JamAction.ADD, session.id) == Refusal(texts.ENDED)
    assert isinstance(await jam.service.export(ANA, session.id), Exported)
