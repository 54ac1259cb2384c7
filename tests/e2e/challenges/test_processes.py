"""Two real ``songbot run`` processes on one PostgreSQL at a challenge's deadline: exactly one
closes the vote and posts the podium, never two, never none."""

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


async def test_two_processes_at_the_deadline_post_exactly_one_podium(fleet: Fleet) -> None:
    standin = fleet.standin
    guild_id, channel_id = int(standin.guild_id), int(standin.channel_ids[0])
    challenge_id = await voting_until(fleet.database_url, guild_id, channel_id,
                                      time.time() + AHEAD)  # fmt: skip
    await fleet.start(2, shards=False)

    def podiums() -> list[str]:
        return [c.json["content"] for c in standin.calls
                if c.method == "POST" and c.path.endswith(f"/channels/{channel_id}/messages")
                and "the results" in (c.json or {}).get("content", "")]  # fmt: skip

    await standin.wait_for(podiums, limit=60)
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
    [podium] = podiums()
    assert "🥇" in podium
