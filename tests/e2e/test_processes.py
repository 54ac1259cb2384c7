"""Several real ``songbot run`` processes sharing one PostgreSQL, the Discord stand-in and the
simulator: limits exact across processes, a killed process's songs finished by another, and
settings changed on one process holding at once on the others."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.mock_api import Faults, RunningSimulator
from tests.e2e.fleet import Fleet, fleet_of
from tests.e2e.helpers import EPHEMERAL, answer_to, shows
from tests.standin.discord import payloads as p
from tests.standin.discord.server import DiscordStandIn, Interaction


@pytest.fixture
async def fleet(
    simulator: RunningSimulator, postgres_url: str, tmp_path: Path
) -> AsyncIterator[Fleet]:
    async with fleet_of(Fleet, simulator, postgres_url, tmp_path) as fleet:
        yield fleet
        await fleet.stop()


def final_posts(standin: DiscordStandIn, song: Interaction, message_id: str) -> list[Any]:
    """The edits that put the finished song's files on its message, through the interaction's
    token or (after a takeover) the channel."""
    ends = (message_id, f"/{song.token}/messages/@original")
    return [c for c in standin.calls if c.method == "PATCH" and c.files
            and c.path.endswith(ends)]  # fmt: skip


async def test_fifty_at_once_over_three_processes_with_a_limit_of_three(fleet: Fleet) -> None:
    standin = fleet.standin
    await fleet.start(3, shards=False)
    standin.gateway.balanced = True  # each interaction to the next process in turn
    limits = await standin.slash("songadmin", {"member_daily": 3}, group="limits",
                                 permissions=p.ALL_PERMISSIONS, user=standin.owner)  # fmt: skip
    await standin.wait_for(answer_to(standin, limits))
    songs = [await standin.slash("song", {"prompt": f"n{n}"}) for n in range(50)]
    answers = [await standin.wait_for(answer_to(standin, s), limit=60) for s in songs]
    refused = [a for a in answers if a.get("flags", 0) & EPHEMERAL]
    assert len(refused) == 47
    assert all("You've made your 3 songs for today" in a["content"] for a in refused)
    made = [s for s, a in zip(songs, answers, strict=True) if not a.get("flags", 0) & EPHEMERAL]
    for song in made:
        await standin.wait_for(shows(standin, song, "✅ Done"), limit=60)
    assert len(fleet.simulator.simulator.jobs) == 3


async def test_a_block_on_one_process_holds_at_once_on_the_others(fleet: Fleet) -> None:
    standin = fleet.standin
    await fleet.start(3, shards=False)
    standin.gateway.balanced = True
    first = await standin.slash("song", {"prompt": "warm the caches"})  # process 2
    await standin.wait_for(answer_to(standin, first))
    block = await standin.slash("songadmin", {"member": standin.member_ref(standin.member)},
                                group="block", permissions=p.ALL_PERMISSIONS,
                                user=standin.owner)  # process 3  # fmt: skip
    await standin.wait_for(answer_to(standin, block))
    for _ in range(3):  # processes 1, 2 and 3
        refused = await standin.slash("song", {"prompt": "again"})
        answer = await standin.wait_for(answer_to(standin, refused))
        assert answer["flags"] & EPHEMERAL
        assert "paused your song-making" in answer["content"]
    await standin.wait_for(shows(standin, first, "✅ Done"), limit=60)
    assert len(fleet.simulator.simulator.jobs) == 1


async def test_a_killed_process_s_songs_are_finished_by_another(fleet: Fleet) -> None:
    standin, simulator = fleet.standin, fleet.simulator
    simulator.simulator.config.faults = Faults.parse("slow=uploading_v1:4")
    await fleet.start(3, shards=True)
    # one song on each server: server n is on shard n, so in process n
    songs = [await standin.slash("song", {"prompt": f"on {n}"}, channel=n + 1) for n in range(3)]
    for song in songs:
        await standin.wait_for(shows(standin, song, "preview 2"), limit=60)
    victim = fleet.processes[1]
    victim.kill()  # SIGKILL: its leases just run out
    await victim.wait()
    for song in songs:
        message = await standin.wait_for(shows(standin, song, "✅ Done"), limit=90)
        assert len(message["attachments"]) == 3
        assert len(final_posts(standin, song, message["id"])) == 1  # posted once
    assert len(simulator.simulator.jobs) == 3  # none submitted twice
    log = (fleet.folder / "process-0" / "bot.log").read_text() + (
        fleet.folder / "process-2" / "bot.log"
    ).read_text()
    assert "taking over 1 songs whose process stopped" in log


async def test_a_process_stopped_with_sigterm_hands_its_song_over_at_once(fleet: Fleet) -> None:
    standin, simulator = fleet.standin, fleet.simulator
    simulator.simulator.config.faults = Faults.parse("slow=uploading_v1:3")
    await fleet.start(3, shards=True)
    song = await standin.slash("song", {"prompt": "carry on"}, channel=2)  # server 1, shard 1
    await standin.wait_for(shows(standin, song, "preview 2"), limit=60)
    stopping = fleet.processes[1]
    stopping.send_signal(signal.SIGTERM)  # gives its leases up as it stops
    assert await asyncio.wait_for(stopping.wait(), 30) == 0
    message = await standin.wait_for(shows(standin, song, "✅ Done"), limit=60)
    assert len(final_posts(standin, song, message["id"])) == 1
    assert len(simulator.simulator.jobs) == 1
    logs = "".join((fleet.folder / f"process-{n}" / "bot.log").read_text() for n in (0, 2))
    assert "taking over 1 songs whose process stopped" in logs
