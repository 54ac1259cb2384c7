"""Members on one sheet: writing together, the rules, the export, many pressing at once."""

from __future__ import annotations

import asyncio

from tests.e2e.helpers import buttons, callback
from tests.e2e.jam.steps import (
    EPHEMERAL,
    Jam,
    add,
    open_session,
    sheet_text,
    shows,
)


async def test_three_members_write_an_open_session(jam: Jam) -> None:
    j = jam
    sheet = await open_session(j)
    assert [b["label"] for b in buttons(sheet)] == [
        "Add lines", "Undo", "Export", "Host tools", "Make the song"]  # fmt: skip
    thread = j.discord.world.threads[sheet["id"]]
    assert thread["parent_id"] == sheet["channel_id"]
    ana, ben = j.discord.new_member("Ana"), j.discord.new_member("**Ben**")
    for user, line in ((ana, "the tide comes in"), (ben, "the @everyone nets"),
                       (j.discord.member, "we sing")):  # fmt: skip
        answer = await add(j, sheet, user, line)
        assert "Added your 1 line" in answer["content"]
    await add(j, sheet, ana, "hey ho", section="chorus")
    await shows(j, sheet, "hey ho")
    text = sheet_text(j, sheet)
    assert (
        text.index("Verse 1")
        < text.index("the tide")
        < text.index("we sing")
        < text.index("Chorus")
    )
    assert "\\\\*\\\\*Ben\\\\*\\\\*" in text  # escaped
    assert "@\\u200beveryone" in text or "@\u200beveryone" in text
    assert "Lyrics by" in text


async def test_rules_and_a_blocked_member(jam: Jam) -> None:
    j = jam
    await j.bot.resources.jams.set_settings(int(j.discord.guild_id), {"lines_per_member": 2,
                                                                     "line_chars": 20})  # fmt: skip
    sheet = await open_session(j)
    ana = j.discord.new_member("Ana")
    too_long = await add(j, sheet, ana, "x" * 21)
    assert "at most 20 characters" in too_long["content"]
    await add(j, sheet, ana, "one\ntwo")
    third = await add(j, sheet, ana, "three")
    assert "You can write 2 lines in a session; 0 left" in third["content"]
    await j.bot.resources.moderation.block(int(j.discord.guild_id), int(j.host["id"]),
                                           int(j.discord.member["id"]), None, "block")  # fmt: skip
    blocked = await add(j, sheet, j.discord.member, "let me")
    assert "paused your song-making" in blocked["content"]
    assert "let me" not in sheet_text(j, sheet)


async def test_export_gives_the_whole_sheet(jam: Jam) -> None:
    j = jam
    sheet = await open_session(j)
    await add(j, sheet, j.discord.new_member("Ana"), "line *one*")
    click = await j.discord.click(sheet, "Export")
    call = await j.discord.wait_for(lambda: callback(j.discord, click))
    assert call.json["data"]["flags"] & EPHEMERAL
    [upload] = call.files
    assert upload.filename == "Harbour.txt"
    text = upload.data.decode()
    assert "[Verse 1]\nline *one*    (Ana)" in text
    assert "Lyrics by Ana" in text


async def test_ten_members_pressing_at_once_lose_no_line(jam: Jam) -> None:
    j = jam
    sheet = await open_session(j)
    members = [j.discord.new_member(f"m{n}") for n in range(10)]
    answers = await asyncio.gather(*(add(j, sheet, m, f"line {n}") for n, m in enumerate(members)))
    assert all("Added your 1 line" in a["content"] for a in answers)
    await j.discord.wait_for(lambda: "10 lines" in sheet_text(j, sheet))
    text = sheet_text(j, sheet)
    assert all(f"line {n} ·" in text for n in range(10))
