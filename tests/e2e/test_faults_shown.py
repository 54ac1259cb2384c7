""" "Shown" is never lost to a failed write: a song whose files were posted by a process that
stopped before it could record so (the database being away) is not posted again by the
process that picks it up, which finds the files on the message itself."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.mock_api import RunningSimulator
from tests.e2e.helpers import shows
from tests.e2e.test_faults import until
from tests.e2e.test_processes import final_posts
from tests.e2e.test_restart import spawn
from tests.standin.discord.server import DiscordStandIn

__all__ = ["spawn"]  # the fixture, for pytest

DELIVERED = (
    "SELECT count(*) FROM generations WHERE delivered_at IS NOT NULL AND total_tokens IS NOT NULL"
)
NOT_RECORDED = (
    "UPDATE generations SET shown_at = NULL, delivered_at = NULL, status = 'running',"
    " stage = 'uploading', total_tokens = NULL"
)


async def test_files_posted_but_not_recorded_are_not_posted_again(
    spawn: Callable[[], Any],
    discord_standin: DiscordStandIn,
    simulator: RunningSimulator,
    tmp_path: Path,
) -> None:
    standin = discord_standin
    first = await spawn()
    song = await standin.slash("song", {"prompt": "once"})
    message = await standin.wait_for(shows(standin, song, "✅ Done"), limit=60)
    first.kill()
    await first.wait()
    with sqlite3.connect(tmp_path / "songbot.db") as database:  # as the process left it
        database.execute(NOT_RECORDED)
    await spawn()
    log = tmp_path / "bot.log"
    await until(lambda: "files were shown already" in log.read_text())

    def delivered() -> bool:
        with sqlite3.connect(tmp_path / "songbot.db") as database:
            return bool(database.execute(DELIVERED).fetchone() == (1,))

    await until(delivered)  # its row ended, with its tokens
    assert len(final_posts(standin, song, message["id"])) == 1  # posted once
    assert len(simulator.simulator.jobs) == 1
