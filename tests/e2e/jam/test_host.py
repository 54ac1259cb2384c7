"""The host's tools and moderators' rules: remove, move, hand over, lock, end, Make the song."""

from __future__ import annotations

import json
from typing import Any

from tests.e2e.helpers import LABELS, buttons
from tests.e2e.jam.steps import (
    EPHEMERAL,
    Jam,
    add,
    answered,
    in_thread,
    open_session,
    session_id,
    sheet_text,
    shows,
)
from tests.standin.discord import payloads as p


async def test_undo_remove_move_and_handing_over(jam: Jam) -> None:
    j = jam
    sheet = await open_session(j)
    ana = j.discord.new_member("Ana")
    await add(j, sheet, ana, "keep me")
    await add(j, sheet, ana, "oops")
    undone = await answered(j, await j.discord.click(sheet, "Undo", user=ana))
    assert "oops" in undone["content"]
    await j.discord.wait_for(lambda: "oops" not in sheet_text(j, sheet))
    await add(j, sheet, j.discord.member, "move me")
    not_host = await answered(j, await j.discord.click(sheet, "Host tools", user=ana))
    assert "Only the session's host" in not_host["content"]

    click = await j.discord.click(sheet, "Host tools", user=j.host)
    tools = await j.discord.wait_for(lambda: j.discord.original(click))
    lines = await j.bot.resources.jams.lines(await session_id(j, sheet))
    move = next(line for line in lines if line.text == "move me")
    await j.discord.choose(tools, "songbot:jam-tool:move:", [str(move.id)], user=j.host)
    await j.discord.wait_for(lambda: "Move" in j.discord.messages[tools["id"]]["content"])
    await j.discord.choose(tools, "songbot:jam-move:", ["chorus"], user=j.host)
    await j.discord.wait_for(lambda: "Moved" in j.discord.messages[tools["id"]]["content"])
    await shows(j, sheet, "Chorus")
    keep = next(line for line in lines if line.text == "keep me")
    await j.discord.choose(tools, "songbot:jam-tool:remove:", [str(keep.id)], user=j.host)
    await j.discord.wait_for(lambda: "keep me" not in sheet_text(j, sheet))

    await j.discord.choose(
        tools, "songbot:jam-tool:handover:", [j.discord.member["id"]], user=j.host
    )
    await shows(j, sheet, "**Host:** member")
    still = await answered(j, await j.discord.click(sheet, "Host tools", user=j.discord.member))
    assert still["content"].startswith("Host tools")


async def test_make_the_song_sends_the_sheet_in_order_and_credits_everyone(jam: Jam) -> None:
    j = jam
    sheet = await open_session(j)
    ana, ben = j.discord.new_member("Ana"), j.discord.new_member("Ben")
    await add(j, sheet, ben, "all together now", section="chorus")
    await add(j, sheet, ana, "morning comes")
    await add(j, sheet, ana, "over the bay")
    not_host = await answered(j, await j.discord.click(sheet, "Make the song", user=ana))
    assert "Only the session's host" in not_host["content"]

    click = await j.discord.click(sheet, "Make the song", user=j.host)
    await j.discord.wait_for(lambda: click.modal)
    assert click.modal is not None
    fields = {c["component"]["custom_id"]: c["component"] for c in click.modal["components"]}
    expected = "[Verse 1]\nmorning comes\nover the bay\n\n[Chorus]\nall together now"
    assert fields["lyrics"]["value"] == expected
    assert fields["style"]["value"] == "sea shanty"
    submit = await j.discord.submit_modal(click, {}, user=j.host)
    told = await answered(j, submit)
    assert told["flags"] & EPHEMERAL

    def song_in_thread() -> dict[str, Any] | None:
        done = [
            m
            for m in in_thread(j, sheet)
            if "✅ Done" in json.dumps(m["embeds"], ensure_ascii=False)
        ]
        return done[0] if done else None

    song = await j.discord.wait_for(song_in_thread, limit=30)
    await j.bot.songs.wait_idle()
    [job] = j.simulator.simulator.jobs.values()
    assert job.request["lyrics"] == expected
    assert job.request["prompt"] == "sea shanty"
    description = song["embeds"][0]["description"]
    assert "✍️ Lyrics by Ben and Ana" in description
    assert f"/{sheet['channel_id']}/{sheet['id']})" in description
    assert [b["label"] for b in buttons(song)] == LABELS  # Play in voice among them
    [record] = await j.bot.resources.generations.history(int(j.discord.guild_id), int(j.host["id"]))
    assert record.user_id == int(j.host["id"])  # it counts against the host
    assert record.channel_id == int(sheet["id"])  # made in the thread


async def test_lock_unlock_and_end_by_the_host(jam: Jam) -> None:
    j = jam
    sheet = await open_session(j)
    click = await j.discord.click(sheet, "Host tools", user=j.host)
    tools = await j.discord.wait_for(lambda: j.discord.original(click))
    await answered(j, await j.discord.click(tools, "Lock", user=j.host))
    await shows(j, sheet, "locked the sheet")
    locked = await answered(j, await j.discord.click(sheet, "Add lines"))
    assert "locked" in locked["content"]
    again = await j.discord.click(sheet, "Host tools", user=j.host)
    tools = await j.discord.wait_for(lambda: j.discord.original(again))
    await answered(j, await j.discord.click(tools, "Unlock", user=j.host))
    answer = await add(j, sheet, j.discord.member, "free again")
    assert "Added" in answer["content"]
    await answered(j, await j.discord.click(tools, "End the session", user=j.host))
    await shows(j, sheet, "ended by owner")
    late = await answered(j, await j.discord.click(sheet, "Export"))
    assert late["flags"] & EPHEMERAL
    assert j.discord.world.threads[sheet["id"]]["thread_metadata"]["archived"]


async def test_moderators_set_the_rules_and_who_may_start(jam: Jam) -> None:
    j = jam
    mod = p.ALL_PERMISSIONS
    set_role = await j.discord.slash(
        "songadmin", {"starter_role": j.discord.role_ref(j.discord.dj_role), "max_open": 1,
                      "turn_minutes": 5}, group="jam", user=j.host, permissions=mod,
    )  # fmt: skip
    shown = await answered(j, set_role)
    assert f"Who may start sessions: <@&{j.discord.dj_role['id']}>" in shown["content"]
    assert "minutes per turn: 5" in shown["content"]
    refused = await answered(j, await j.discord.slash("jam", {}, group="start"))
    assert "Only members with the" in refused["content"]
    await open_session(j, roles=[j.discord.dj_role["id"]])
    full = await answered(j, await j.discord.slash("jam", {}, group="start",
                                                  roles=[j.discord.dj_role["id"]]))  # fmt: skip
    assert "already has 1 open sessions" in full["content"]
    member = await answered(j, await j.discord.slash("songadmin", {"max_open": 3}, group="jam"))
    assert "don't have permission" in member["content"]
