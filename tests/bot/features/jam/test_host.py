"""The host's tools as use cases: who may use them, and what each does."""

from __future__ import annotations

from bot.core.acting import Actor, Done, Refusal
from bot.features.jam import texts
from bot.features.jam.actions import JamAction, Mode, Tool
from bot.features.jam.outcomes import HostChanged, MakeAsked, MoveAsked, SongAsked, ToolsShown
from tests.bot.features.jam.conftest import ANA, GUILD, HOST, MODERATOR, Jam


async def test_only_the_host_or_a_moderator(jam: Jam) -> None:
    session = await jam.open()
    assert await jam.service.pressed(ANA, JamAction.TOOLS, session.id) == Refusal(texts.HOST_ONLY)
    shown = await jam.service.pressed(MODERATOR, JamAction.TOOLS, session.id)
    assert isinstance(shown, ToolsShown)
    assert (shown.text, shown.edit, shown.panel.locked) == (texts.TOOLS, False, False)


async def test_lock_then_remove_and_move_a_line(jam: Jam) -> None:
    session = await jam.open()
    await jam.service.add(ANA, session.id, "verse-1", ("one", "two"))
    assert await jam.service.pressed(HOST, JamAction.LOCK, session.id) == Done("Locked the sheet.")
    locked = await jam.service.pressed(HOST, JamAction.TOOLS, session.id)
    assert isinstance(locked, ToolsShown)
    assert locked.panel.locked
    one, two = await jam.repo.lines(session.id)
    removed = await jam.host.chose(HOST, Tool.REMOVE, session.id, [str(one.id)])
    assert isinstance(removed, ToolsShown)
    assert removed.text == "Removed “one”."
    assert [x.id for x in removed.panel.lines] == [two.id]
    asked = await jam.host.chose(HOST, Tool.MOVE, session.id, [str(two.id)])
    assert isinstance(asked, MoveAsked)
    assert "chorus" in asked.sections
    moved = await jam.host.moved(HOST, two.id, "chorus")
    assert isinstance(moved, ToolsShown)
    assert moved.text == "Moved “two” to **Chorus**."
    gone = await jam.host.chose(HOST, Tool.REMOVE, session.id, [str(one.id)])
    assert gone == Refusal("That line is no longer on the sheet.")


async def test_reveal_is_for_a_hidden_sheet_and_tells_the_thread(jam: Jam) -> None:
    plain = await jam.open()
    assert await jam.service.pressed(HOST, JamAction.REVEAL, plain.id) == Refusal(texts.NOT_HIDDEN)
    hidden = await jam.open(Mode.HIDDEN)
    shown = await jam.service.pressed(HOST, JamAction.TOOLS, hidden.id)
    assert isinstance(shown, ToolsShown)
    assert shown.panel.can_reveal
    revealed = await jam.service.pressed(HOST, JamAction.REVEAL, hidden.id)
    assert isinstance(revealed, Done)
    assert revealed.then is not None
    await revealed.then()
    assert jam.board.said[-1][1] == "👀 The host revealed the whole sheet."


async def test_hand_over_to_a_member_not_a_bot(jam: Jam) -> None:
    session = await jam.open()
    robot = Actor(99, "Robot", bot=True)
    assert await jam.host.handed_over(HOST, session.id, robot) == Refusal(
        "A bot can't host a session."
    )
    changed = await jam.host.handed_over(HOST, session.id, Actor(11, "*Ana*"))
    assert isinstance(changed, HostChanged)
    assert changed.text == "\\*Ana\\* is the host now."
    now = await jam.repo.session(session.id)
    assert now is not None
    assert (now.host_id, now.host_name) == (11, "*Ana*")
    assert await jam.service.pressed(HOST, JamAction.TOOLS, session.id) == Refusal(texts.HOST_ONLY)


async def test_end_once_with_the_hosts_name(jam: Jam) -> None:
    session = await jam.open()
    assert await jam.service.pressed(HOST, JamAction.END, session.id) == Done(
        "The session has ended."
    )
    ended = await jam.repo.session(session.id)
    assert ended is not None
    assert (ended.state, ended.end_reason) == ("ended", "ended by Host")
    await jam.host.end(session.id, "again")
    assert jam.board.ends == [session.id]


async def test_a_moderator_ending_it_is_in_the_settings_log(jam: Jam) -> None:
    """The moderators' log tells it (a host ending their own session is no news for them)."""
    hosts = await jam.open(title="Own")
    await jam.service.pressed(HOST, JamAction.END, hosts.id)
    session = await jam.open()
    await jam.service.pressed(MODERATOR, JamAction.END, session.id)
    changes = await jam.moderation.recent_changes(GUILD)
    assert [(c.user_id, c.change) for c in changes] == [
        (MODERATOR.member_id, f"lyric session {session.id} (Harbour) ended by a moderator")
    ]


async def test_make_the_song_from_the_sheet_credited_to_everyone(jam: Jam) -> None:
    session = await jam.open()
    assert await jam.service.pressed(HOST, JamAction.MAKE, session.id) == Refusal(texts.EMPTY)
    await jam.service.add(ANA, session.id, "verse-1", ("morning comes",))
    asked = await jam.service.pressed(HOST, JamAction.MAKE, session.id)
    assert asked == MakeAsked(session.id, "Harbour", "shanty", "[Verse 1]\nmorning comes")
    assert await jam.host.make(ANA, session.id, "x", "y") == Refusal(texts.HOST_ONLY)
    song = await jam.host.make(HOST, session.id, "sea shanty", "[Verse 1]\nmorning comes")
    assert isinstance(song, SongAsked)
    assert (song.request.prompt, song.request.lyrics) == ("sea shanty", "[Verse 1]\nmorning comes")
    assert song.card.credits is not None
    assert song.card.credits.startswith("Lyrics by Ana")
    restyled = await jam.repo.session(session.id)
    assert restyled is not None
    assert restyled.style == "sea shanty"
