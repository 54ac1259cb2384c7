"""Sessions over time: an idle one ends, and every control keeps working after a restart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.mock_api import RunningSimulator
from tests.e2e.helpers import buttons, check_clean_run, start_with_clock
from tests.e2e.jam.steps import (
    Jam,
    add,
    answered,
    in_thread,
    open_session,
    session_id,
    shows,
)
from tests.standin.discord.server import DiscordStandIn


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
    discord_standin: DiscordStandIn,
    simulator: RunningSimulator,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    run = await start_with_clock(discord_standin, simulator, tmp_path, clock_for="jam")
    j = Jam(run.bot, discord_standin, simulator, run.clock, run.settings)
    sheet = await open_session(j, mode="turns")
    ana, ben = discord_standin.new_member("Ana"), discord_standin.new_member("Ben")
    await answered(j, await discord_standin.click(sheet, "Join", user=ana))
    await answered(j, await discord_standin.click(sheet, "Join", user=ben))
    await run.stop()

    j.bot = bot = await run.start()
    try:
        answer = await add(j, sheet, ana, "after the restart")
        assert "Added your 1 line" in answer["content"]
        await shows(j, sheet, "after the restart")
        run.clock.offset += 11 * 60  # Ben's turn runs out, counted from before the restart
        await bot.jam.turns.tick()
        await discord_standin.wait_for(
            lambda: any("Ben's turn passed" in m["content"] for m in in_thread(j, sheet))
        )
    finally:
        await run.stop()
    check_clean_run(discord_standin, caplog)


def _row(*buttons: tuple[str, str]) -> dict[str, Any]:
    return {
        "type": 1,
        "components": [
            {"type": 2, "style": 2, "label": label, "custom_id": custom_id}
            for custom_id, label in buttons
        ],
    }


def posted_by_main(j: Jam, message: dict[str, Any], *rows: dict[str, Any]) -> None:
    """The message's controls as the code before this version posted them: their custom ids
    written out, since messages already in servers carry them."""
    j.discord.messages[message["id"]]["components"] = list(rows)


async def test_a_sheet_posted_before_this_version_still_works(jam: Jam) -> None:
    j = jam
    sheet = await open_session(j, mode="approve")
    sid = await session_id(j, sheet)
    ana = j.discord.new_member("Ana")
    sheet_rows = (
        _row(
            (f"songbot:jam:add:{sid}", "Add lines"),
            (f"songbot:jam:undo:{sid}", "Undo"),
            (f"songbot:jam:join:{sid}", "Join"),
            (f"songbot:jam:leave:{sid}", "Leave"),
            (f"songbot:jam:export:{sid}", "Export"),
        ),
        _row(
            (f"songbot:jam:tools:{sid}", "Host tools"), (f"songbot:jam:make:{sid}", "Make the song")
        ),
    )

    posted_by_main(j, sheet, *sheet_rows)
    joined = await answered(j, await j.discord.click(sheet, "Join", user=ana))
    assert "You're in" in joined["content"]
    posted_by_main(j, sheet, *sheet_rows)
    click = await j.discord.click(sheet, "Add lines", user=ana)
    await j.discord.wait_for(lambda: click.modal)
    assert click.modal is not None
    assert click.modal["custom_id"] == f"songbot:jam-add:{sid}"
    submit = await j.discord.submit_modal(click, {"section": ["verse-1"], "lines": "old ids"})
    assert "waits for approval" in (await answered(j, submit))["content"]

    suggestion = await j.discord.wait_for(
        lambda: next((m for m in in_thread(j, sheet) if "old ids" in m["content"]), None)
    )
    [line] = [x for x in await j.bot.resources.jams.lines(sid) if x.text == "old ids"]
    posted_by_main(j, suggestion, _row((f"songbot:jam-line:yes:{line.id}", "👍 Approve")))
    await j.discord.click(suggestion, "Approve", user=j.host)
    await shows(j, sheet, "old ids")

    posted_by_main(j, sheet, *sheet_rows)
    make = await j.discord.click(sheet, "Make the song", user=j.host)
    await j.discord.wait_for(lambda: make.modal)
    assert make.modal is not None
    assert make.modal["custom_id"] == f"songbot:jam-make:{sid}"
