"""A song service on a real SQLite file, its reservations and moderation real too, for the
use cases' tests: no Discord, no API call (no song is shown, so none reaches the API)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, cast

from bot.core.acting import Actor, Place
from bot.features.songs.card import SongCard
from bot.features.songs.parts import SongConfig
from bot.features.songs.queue.gate import ApiGate
from bot.features.songs.queue.line import SongQueue
from bot.features.songs.service import Placed, SongOrder, SongService
from bot.features.usage.reservations import Reservations
from bot.soundverse import SongRequest
from bot.store import GenerationRepository, ModerationRepository, open_database
from bot.store.database import Database
from tests.manual_timers import ManualTimers

GUILD, CHANNEL, MEMBER, OTHER = 1, 10, 100, 200
HERE = Place(GUILD, CHANNEL)


def member(member_id: int = MEMBER, *, moderator: bool = False) -> Actor:
    return Actor(member_id, f"member {member_id}", moderator=moderator)


def order(prompt: str = "rain on the sea") -> SongOrder:
    return SongOrder(SongRequest(prompt=prompt), SongCard(f"asked {prompt}", prompt))


@contextlib.asynccontextmanager
async def song_service(
    tmp_path: Path, *, max_concurrent: int = 2
) -> AsyncIterator[tuple[SongService, Database]]:
    database = await open_database(tmp_path / "songbot.db")
    timers = ManualTimers()
    songs = SongService(
        cast(Any, None),  # the API client: no song here is shown, so none is submitted
        cast(Any, None),  # the media fetcher: nothing is delivered either
        GenerationRepository(database),
        SongConfig(edit_interval=1.0, token_lifetime=900.0, retry_delays=(1.0,)),
        reserve=Reservations(database).reserve,
        policy_of=ModerationRepository(database).policy,
        queue=SongQueue(max_concurrent, ApiGate((1.0,), clock=timers.now), timers=timers),
    )
    try:
        yield songs, database
    finally:
        await songs.stop()
        await database.close()


async def placed(songs: SongService, who: Actor | None = None, prompt: str = "x") -> Placed:
    outcome = await songs.begin(who or member(), HERE, order(prompt))
    assert isinstance(outcome, Placed), outcome
    return outcome


async def status_of(database: Database, song_id: int) -> str:
    async with database.reading() as db:
        row = await db.fetchrow("SELECT status FROM generations WHERE id = ?", (song_id,))
    assert row is not None
    return str(row[0])
