"""Lyric sessions end to end: several members on one sheet, through the Discord stand-in."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.app.bot import SongBot
from bot.mock_api import RunningSimulator
from tests.e2e.conftest import bot_settings, start_bot, stop_bot
from tests.e2e.test_results import buttons
from tests.standin.discord import payloads as p
from tests.standin.discord.server import DiscordStandIn, Interaction

EPHEMERAL = 64


class Clock:
    """Time that tests move: the sessions' deadlines follow it."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset


@dataclass
class Jam:
    bot: SongBot
    discord: DiscordStandIn
    simulator: RunningSimulator
    clock: Clock
    settings: Any

    @property
    def host(self) -> dict[str, Any]:
        return self.discord.owner


@pytest.fixture
async def jam(
    discord_standin: DiscordStandIn, simulator: RunningSimulator, tmp_path: Path
) -> AsyncIterator[Jam]:
    clock = Clock()
    settings = bot_settings(discord_standin, simulator, tmp_path)
    bot, task, resources = await start_bot(settings, discord_standin, jam_clock=clock)
    state = Jam(bot, discord_standin, simulator, clock, settings)
    yield state
    await stop_bot(state.bot, task, resources)


async def open_session(
    j: Jam, mode: str = "open", roles: list[str] | None = None, **options: Any
) -> dict[str, Any]:
    """Start a session as the host; the sheet, once its thread exists."""
    start = await j.discord.slash("jam", {"title": "Harbour", "style": "sea shanty",
                                          "mode": mode, **options},
                                  group="start", user=j.host, roles=roles)  # fmt: skip
    sheet: dict[str, Any] = await j.discord.wait_for(lambda: j.discord.original(start))
    await j.discord.wait_for(lambda: any("started" in m["content"] for m in in_thread(j, sheet)))
    return sheet


def sheet_text(j: Jam, sheet: dict[str, Any]) -> str:
    return json.dumps(j.discord.messages[sheet["id"]]["embeds"], ensure_ascii=False)


async def add(
    j: Jam, sheet: dict[str, Any], user: dict[str, Any], lines: str, section: str = "verse-1"
) -> dict[str, Any]:
    """Press Add lines, fill the form in, submit: the bot's answer to the form."""
    click = await j.discord.click(sheet, "Add lines", user=user)
    opened = await j.discord.wait_for(lambda: click.modal or reply_now(j, click))
    if not isinstance(opened, dict) or "custom_id" not in opened:
        return opened  # refused before the form
    submit = await j.discord.submit_modal(click, {"section": [section], "lines": lines})
    return await answered(j, submit)


async def answered(j: Jam, interaction: Interaction) -> dict[str, Any]:
    """The bot's answer to an interaction (its callback's message data)."""
    data: dict[str, Any] = await j.discord.wait_for(lambda: reply_now(j, interaction))
    return data


def reply_now(j: Jam, interaction: Interaction) -> dict[str, Any] | None:
    for call in j.discord.calls_to("POST /interactions"):
        if f"/{interaction.id}/" in call.path:
            data: dict[str, Any] = call.json["data"]
            return data
    return None


async def shows(j: Jam, sheet: dict[str, Any], text: str) -> None:
    await j.discord.wait_for(lambda: text in sheet_text(j, sheet))


def in_thread(j: Jam, sheet: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for m in j.discord.messages.values() if m["channel_id"] == sheet["id"]]


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


async def session_id(j: Jam, sheet: dict[str, Any]) -> int:
    [session] = [
        s for s in await j.bot.resources.jams.live_sessions() if s.sheet_id == int(sheet["id"])
    ]
    return session.id


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
    assert [b["label"] for b in buttons(song)] == ["Regenerate", "Remix", "Lyrics", "Jam", "Delete"]
    [record] = await j.bot.resources.generations.history(int(j.discord.guild_id), int(j.host["id"]))
    assert record.user_id == int(j.host["id"])  # it counts against the host
    assert record.channel_id == int(sheet["id"])  # made in the thread


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
    [call] = await j.discord.wait_for(
        lambda: [c for c in j.discord.calls_to("POST /interactions") if click.id in c.path]
    )
    assert call.json["data"]["flags"] & EPHEMERAL
    [upload] = call.files
    assert upload.filename == "Harbour.txt"
    text = upload.data.decode()
    assert "[Verse 1]\nline *one*    (Ana)" in text
    assert "Lyrics by Ana" in text


async def test_an_idle_session_ends_and_its_thread_is_archived(jam: Jam) -> None:
    j = jam
    sheet = await open_session(j)
    j.clock.offset += 25 * 3600
    await j.bot.jam.turns.tick()
    await shows(j, sheet, "no new line for 24 hours")
    assert [b["label"] for b in buttons(j.discord.messages[sheet["id"]])] == ["Export"]
    thread = j.discord.world.threads[sheet["id"]]
    await j.discord.wait_for(lambda: thread["thread_metadata"]["archived"])
    assert thread["thread_metadata"]["locked"]
    late = await answered(j, await j.discord.click(sheet, "Export"))
    assert late is not None


async def test_a_restart_mid_session_keeps_every_control_and_the_turns(
    discord_standin: DiscordStandIn, simulator: RunningSimulator, tmp_path: Path
) -> None:
    clock = Clock()
    settings = bot_settings(discord_standin, simulator, tmp_path)
    bot, task, resources = await start_bot(settings, discord_standin, jam_clock=clock)
    j = Jam(bot, discord_standin, simulator, clock, settings)
    sheet = await open_session(j, mode="turns")
    ana, ben = discord_standin.new_member("Ana"), discord_standin.new_member("Ben")
    await answered(j, await discord_standin.click(sheet, "Join", user=ana))
    await answered(j, await discord_standin.click(sheet, "Join", user=ben))
    await stop_bot(bot, task, resources)

    bot, task, resources = await start_bot(settings, discord_standin, jam_clock=clock)
    j.bot = bot
    try:
        answer = await add(j, sheet, ana, "after the restart")
        assert "Added your 1 line" in answer["content"]
        await shows(j, sheet, "after the restart")
        clock.offset += 11 * 60  # Ben's turn runs out, counted from before the restart
        await bot.jam.turns.tick()
        await discord_standin.wait_for(
            lambda: any("Ben's turn passed" in m["content"] for m in in_thread(j, sheet))
        )
    finally:
        await stop_bot(bot, task, resources)


async def test_a_session_from_a_finished_songs_lyrics(jam: Jam) -> None:
    j = jam
    made = await j.discord.slash("song", {"prompt": "x"}, user=j.host)
    song = await j.discord.wait_for(lambda: (m := j.discord.original(made)) and buttons(m) and m)
    await j.bot.songs.wait_idle()
    [job] = j.simulator.simulator.jobs.values()
    sheet = await open_session(j, from_job=job.job_id)
    first = job.plan.lyrics_sections[0]["text"].splitlines()[0]
    await shows(j, sheet, first.split()[0])
    assert song is not None


async def test_the_jam_button_starts_a_session_from_the_song(jam: Jam) -> None:
    j = jam
    made = await j.discord.slash("song", {"prompt": "x"})
    song = await j.discord.wait_for(lambda: (m := j.discord.original(made)) and buttons(m) and m)
    await j.bot.songs.wait_idle()
    [job] = j.simulator.simulator.jobs.values()
    click = await j.discord.click(song, "Jam", user=j.host)
    sheet = await j.discord.wait_for(lambda: j.discord.original(click))
    await j.discord.wait_for(lambda: sheet["id"] in j.discord.world.threads)
    first = job.plan.lyrics_sections[0]["text"].splitlines()[0]
    await shows(j, sheet, first.split()[0])
    assert "Lyrics by" in sheet_text(j, sheet)
    assert "member" in sheet_text(j, sheet)


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


async def test_ten_members_pressing_at_once_lose_no_line(jam: Jam) -> None:
    j = jam
    sheet = await open_session(j)
    members = [j.discord.new_member(f"m{n}") for n in range(10)]
    answers = await asyncio.gather(*(add(j, sheet, m, f"line {n}") for n, m in enumerate(members)))
    assert all("Added your 1 line" in a["content"] for a in answers)
    await j.discord.wait_for(lambda: "10 lines" in sheet_text(j, sheet))
    text = sheet_text(j, sheet)
    assert all(f"line {n} ·" in text for n in range(10))


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


async def make_the_song(j: Jam, sheet: dict[str, Any]) -> dict[str, Any]:
    """The host presses Make the song and submits the form as it is: the finished song."""
    click = await j.discord.click(sheet, "Make the song", user=j.host)
    await j.discord.wait_for(lambda: click.modal)
    await answered(j, await j.discord.submit_modal(click, {}, user=j.host))

    def done() -> dict[str, Any] | None:
        found = [m for m in in_thread(j, sheet)
                 if "✅ Done" in json.dumps(m["embeds"], ensure_ascii=False)]  # fmt: skip
        return found[0] if found else None

    song: dict[str, Any] = await j.discord.wait_for(done, limit=30)
    await j.bot.songs.wait_idle()
    return song


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
