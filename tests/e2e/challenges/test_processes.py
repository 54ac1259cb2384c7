"""Two real ``songbot run`` processes on one PostgreSQL at a challenge's deadline: exactly one
closes the vote and posts the podium, never two, never none; and when the process that
claimed the podium is killed before posting it, the other posts it once its claim ran out."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.mock_api import RunningSimulator
from bot.store import open_database
from bot.store.challenges import ChallengeRepository, NewChallenge
from tests.bot.store.challenge_rows import finished_song
from tests.e2e.fleet import Fleet
from tests.standin.discord.server import DiscordStandIn

AHEAD = 8.0  # seconds from now to the deadline: both processes are up by then, as a rule
# The killed process's claim on the podium lasts two of its leases: long enough for the other
# process to be up while it holds (as a rule), short enough for a quick test.
CLAIM_LEASE = 4.0


@pytest.fixture
async def fleet(
    simulator: RunningSimulator, postgres_url: str, tmp_path: Path
) -> AsyncIterator[Fleet]:
    standin = DiscordStandIn()
    await standin.start()
    fleet = Fleet(standin, simulator, postgres_url, tmp_path)
    yield fleet
    await fleet.stop()
    await standin.close()


async def voting_until(url: str, guild_id: int, channel_id: int, deadline: float) -> int:
    """A challenge in its vote with two entries and three votes: its id."""
    database = await open_database(url)
    try:
        repo, now = ChallengeRepository(database), time.time()
        async with repo.starting(guild_id) as db:
            challenge_id = await repo.create(NewChallenge(
                guild_id, channel_id, 1, "Mod", "rain", None, 1, now - 60, now - 30, deadline,
                None,
            ), connection=db)  # fmt: skip
        entries = []
        for user in (11, 12):
            song = await finished_song(database, guild_id, user, f"song {user}", now - 50)
            async with repo.locked(challenge_id) as db:
                entries.append(await repo.add_entry(challenge_id, user, f"member {user}", song,
                                                    f"song {user}", now - 40, (),
                                                    connection=db))  # fmt: skip
        await repo.move(challenge_id, "entries", "voting")
        await repo.shown_as(challenge_id, "voting")
        for voter, entry in ((21, entries[0]), (22, entries[0]), (23, entries[1])):
            async with repo.ballot() as db:
                await repo.vote(challenge_id, voter, entry, now, connection=db)
        return challenge_id
    finally:
        await database.close()


def podiums(standin: DiscordStandIn, channel_id: int) -> list[str]:
    """The podiums Discord posted (not one held on its way)."""
    return [c.json["content"] for c in standin.calls
            if c.method == "POST" and c.path.endswith(f"/channels/{channel_id}/messages")
            and c.status == 200 and is_podium(c.json)]  # fmt: skip


def is_podium(body: dict[str, object] | None) -> bool:
    return "the results" in str((body or {}).get("content", ""))


async def test_two_processes_at_the_deadline_post_exactly_one_podium(fleet: Fleet) -> None:
    standin = fleet.standin
    guild_id, channel_id = int(standin.guild_id), int(standin.channel_ids[0])
    challenge_id = await voting_until(fleet.database_url, guild_id, channel_id,
                                      time.time() + AHEAD)  # fmt: skip
    await fleet.start(2, shards=False)

    await standin.wait_for(lambda: podiums(standin, channel_id), limit=60)
    database = await open_database(fleet.database_url)
    try:
        repo = ChallengeRepository(database)
        challenge = await repo.challenge(challenge_id)
        assert challenge is not None
        assert challenge.state == "closed"
        placed = [(p.user_id, p.place) for p in await repo.results(challenge_id)]
        assert placed == [(11, 1), (12, 2)]
    finally:
        await database.close()
    await fleet.stop()  # both processes are past the deadline: nothing more can be posted
    [podium] = podiums(standin, channel_id)
    assert "🥇" in podium


async def test_the_podium_is_posted_once_by_the_other_process_when_its_poster_dies(
    fleet: Fleet,
) -> None:
    standin = fleet.standin
    guild_id, channel_id = int(standin.guild_id), int(standin.channel_ids[0])
    challenge_id = await voting_until(fleet.database_url, guild_id, channel_id, time.time())
    standin.rest.hold_body = is_podium  # the first process's podium never reaches Discord
    lease = {"SONG_LEASE_SECONDS": str(CLAIM_LEASE)}
    poster = await fleet.join(lease)  # alone at the deadline: it closes the vote and claims
    await standin.wait_for(lambda: standin.rest.held, limit=60)
    database = await open_database(fleet.database_url)
    try:
        repo = ChallengeRepository(database)
        claimed = await repo.challenge(challenge_id)
        assert claimed is not None
        assert (claimed.state, claimed.shown) == ("closed", "voting")
        assert claimed.claim_until is not None

        standin.rest.hold_body = lambda _body: False
        await fleet.join(lease)  # the other process, while the claim holds (as a rule)
        poster.kill()  # SIGKILL, its podium still on its way
        await poster.wait()
        await standin.wait_for(lambda: podiums(standin, channel_id), limit=60)
        assert time.time() >= claimed.claim_until  # not before the claim ran out
        assert [(p.user_id, p.place) for p in await repo.results(challenge_id)] == [
            (11, 1),
            (12, 2),
        ]
    finally:
        await database.close()
    await fleet.stop()
    [podium] = podiums(standin, channel_id)
    assert "🥇" in podium
    assert len(standin.rest.held) == 1  # and the killed process's never went through
