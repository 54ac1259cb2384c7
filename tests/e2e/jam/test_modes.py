"""Each mode end to end: approval by the host or a vote, turns and the clock, a hidden
sheet, and a credited song from every mode."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.jam.steps import (
    EPHEMERAL,
    Jam,
    add,
    answered,
    in_thread,
    make_the_song,
    open_session,
    sheet_text,
    shows,
)


async def test_approve_by_the_host_and_by_a_majority_vote(jam: Jam) -> None:
    j = jam
    sheet = await open_session(j, mode="approve")
    ana, ben = j.discord.new_member("Ana"), j.discord.new_member("Ben")
    for user in (ana, ben):
        await answered(j, await j.discord.click(sheet, "Join", user=user))
    answer = await add(j, sheet, ana, "first light")
    assert "waits for approval" in answer["content"]
    suggestion = await j.discord.wait_for(
        lambda: next((m for m in in_thread(j, sheet) if "first light" in m["content"]), None)
    )
    assert "first light" not in sheet_text(j, sheet)
    await j.discord.click(suggestion, "Approve", user=ana)  # 1 of the 2 needed (3 members)
    await j.discord.wait_for(lambda: "👍 1" in j.discord.messages[suggestion["id"]]["content"])
    await j.discord.click(suggestion, "Approve", user=ben)
    await j.discord.wait_for(
        lambda: "On the sheet" in j.discord.messages[suggestion["id"]]["content"]
    )
    await shows(j, sheet, "first light")

    await add(j, sheet, ben, "second light")
    second = await j.discord.wait_for(
        lambda: next((m for m in in_thread(j, sheet) if "second light" in m["content"]), None)
    )
    await j.discord.click(second, "Reject", user=j.host)  # the host decides alone
    await j.discord.wait_for(lambda: "Not taken" in j.discord.messages[second["id"]]["content"])
    await add(j, sheet, ana, "third light")
    third = await j.discord.wait_for(
        lambda: next((m for m in in_thread(j, sheet) if "third light" in m["content"]), None)
    )
    stranger = await answered(j, await j.discord.click(third, "Approve", user=j.discord.member))
    assert stranger["flags"] & EPHEMERAL
    assert "Join" in stranger["content"]


async def test_turns_rotate_and_a_missed_turn_passes_on(jam: Jam) -> None:
    j = jam
    sheet = await open_session(j, mode="turns")
    ana, ben = j.discord.new_member("Ana"), j.discord.new_member("Ben")
    await answered(j, await j.discord.click(sheet, "Join", user=ana))
    await answered(j, await j.discord.click(sheet, "Join", user=ben))

    def reminders() -> list[dict[str, Any]]:
        return [m for m in in_thread(j, sheet) if "your turn" in m["content"]]

    first = await j.discord.wait_for(reminders)
    assert f"<@{ana['id']}>" in first[0]["content"]
    assert [str(u) for u in first[0]["allowed_mentions"]["users"]] == [ana["id"]]  # only her
    assert first[0]["allowed_mentions"].get("parse", []) == []
    refused = await add(j, sheet, ben, "me first")
    assert "It's Ana's turn" in refused["content"]
    await add(j, sheet, ana, "my line")
    second = await j.discord.wait_for(lambda: len(reminders()) >= 2 and reminders())
    assert f"<@{ben['id']}>" in second[1]["content"]

    j.clock.offset += 11 * 60  # Ben's ten minutes pass
    await j.bot.jam.turns.tick()
    third = await j.discord.wait_for(lambda: len(reminders()) >= 3 and reminders())
    assert "Ben's turn passed" in third[2]["content"]
    assert f"<@{ana['id']}>" in third[2]["content"]


async def test_a_hidden_sheet_shows_the_last_line_until_revealed(jam: Jam) -> None:
    j = jam
    sheet = await open_session(j, mode="hidden")
    ana = j.discord.new_member("Ana")
    await add(j, sheet, ana, "secret one")
    await add(j, sheet, j.discord.member, "secret two")
    await shows(j, sheet, "secret two")
    assert "secret one" not in sheet_text(j, sheet)
    peek = await answered(j, await j.discord.click(sheet, "Export", user=ana))
    assert "stays hidden" in peek["content"]
    click = await j.discord.click(sheet, "Host tools", user=j.host)
    tools = await j.discord.wait_for(lambda: j.discord.original(click))
    assert tools["flags"] & EPHEMERAL
    await j.discord.click(tools, "Reveal the sheet", user=j.host)
    await shows(j, sheet, "secret one")


@pytest.mark.parametrize("mode", ["open", "approve", "turns", "hidden"])
async def test_every_mode_ends_in_a_credited_song(jam: Jam, mode: str) -> None:
    j = jam
    sheet = await open_session(j, mode=mode)
    ana = j.discord.new_member("Ana")
    if mode in ("turns", "approve"):
        await answered(j, await j.discord.click(sheet, "Join", user=ana))
    await add(j, sheet, ana, "we wrote this together")
    if mode == "approve":
        suggestion = await j.discord.wait_for(
            lambda: next((m for m in in_thread(j, sheet) if "we wrote" in m["content"]), None)
        )
        await j.discord.click(suggestion, "Approve", user=j.host)
        await shows(j, sheet, "we wrote this together")
    song = await make_the_song(j, sheet)
    assert "✍️ Lyrics by Ana" in song["embeds"][0]["description"]
    [job] = j.simulator.simulator.jobs.values()
    assert job.request["lyrics"] == "[Verse 1]\nwe wrote this together"
