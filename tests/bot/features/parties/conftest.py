"""The parties' use cases with plain values: a real SQLite database in a temporary directory,
a clock the tests move, and a shuffle the tests can predict (it reverses)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.core.acting import Actor, Place
from bot.features.parties import Parties, Track
from bot.store import Database, ModerationRepository, open_database
from bot.store.parties import PartyRepository
from tests.bot.features.parties.rows import CHANNEL, GUILD

NOW = 1_800_000_000.0
ANA, BEN, CAT = Actor(11, "Ana"), Actor(12, "Ben"), Actor(13, "Cat")
MOD = Actor(10, "Mod", moderator=True)
HERE = Place(GUILD, CHANNEL)
ROOM, OTHER_ROOM = 500, 501  # voice channels


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> float:
        return self.now


def reverse(tracks: list[Track]) -> None:
    tracks.reverse()


@dataclass
class World:
    database: Database
    repo: PartyRepository
    moderation: ModerationRepository
    clock: Clock
    parties: Parties


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    database = await open_database(f"sqlite:///{tmp_path / 'parties.db'}")
    repo, moderation, clock = PartyRepository(database), ModerationRepository(database), Clock()
    yield World(database, repo, moderation, clock, Parties(repo, moderation, clock, reverse))
    await database.close()
