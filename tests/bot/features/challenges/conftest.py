"""The challenge use cases with plain values: a real SQLite database in a temporary
directory, a board that records what everyone would see, and a clock the tests move."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.features.challenges.deadlines import Deadlines
from bot.features.challenges.entering import Entries
from bot.features.challenges.opening import Start, Starts
from bot.features.challenges.outcomes import Actor, Place, Started
from bot.features.challenges.tools import ModeratorTools
from bot.features.challenges.voting import Votes
from bot.store import open_database
from bot.store.challenges import Challenge, ChallengeRepository, Entry, FinishedSong, Placed

GUILD, CHANNEL, THREAD = 1, 2, 3
NOW = 1_800_000_000.0
OLD = NOW - 90 * 86400  # joined long ago
MOD = Actor(10, "Mod", moderator=True, joined_at=OLD)
ANA, BEN, CAT = (Actor(n, name, joined_at=OLD) for n, name in ((11, "Ana"), (12, "Ben"),
                                                              (13, "Cat")))  # fmt: skip
HERE = Place(GUILD, CHANNEL)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> float:
        return self.now


@dataclass
class Board:
    """What everyone would see, recorded (what a test double ignores: ``_``-named)."""

    entries: list[tuple[int, int]] = field(default_factory=list)  # (number, entry id)
    voting: list[int] = field(default_factory=list)
    podiums: list[tuple[int, list[Placed]]] = field(default_factory=list)
    announced: list[int] = field(default_factory=list)
    said: list[str] = field(default_factory=list)

    async def announce(self, challenge: Challenge) -> tuple[int, int | None]:
        self.announced.append(challenge.id)
        return 1000 + challenge.id, 2000 + challenge.id

    async def post_entry(self, _challenge: Challenge, number: int, entry: Entry,
                         _song: FinishedSong) -> int | None:  # fmt: skip
        self.entries.append((number, entry.id))
        return 5000 + entry.id

    async def open_voting(self, challenge: Challenge, _entries: Sequence[Entry]) -> None:
        self.voting.append(challenge.id)

    async def results(self, challenge: Challenge, placed: Sequence[Placed],
                      _entries: Sequence[Entry]) -> None:  # fmt: skip
        self.podiums.append((challenge.id, list(placed)))

    async def cancelled(self, challenge: Challenge, _entries: Sequence[Entry]) -> None:
        self.said.append(f"cancelled {challenge.id}")

    async def refresh(self, challenge: Challenge) -> None:
        pass

    async def say(self, _challenge: Challenge, text: str) -> None:
        self.said.append(text)


@dataclass
class World:
    repo: ChallengeRepository
    board: Board
    clock: Clock
    starts: Starts
    entries: Entries
    votes: Votes
    deadlines: Deadlines
    tools: ModeratorTools

    async def start(self, **options: object) -> Challenge:
        started = await self.starts.start(MOD, HERE, Start("rain", **options))  # type: ignore[arg-type]
        assert isinstance(started, Started), started
        await self.starts.posted(started.challenge.id, 900, THREAD)
        return started.challenge


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    database = await open_database(tmp_path / "songbot.db")
    repo, board, clock = ChallengeRepository(database), Board(), Clock()
    entries = Entries(repo, board, clock)
    deadlines = Deadlines(repo, board, entries, clock)
    yield World(repo, board, clock, Starts(repo, clock), entries, Votes(repo, clock), deadlines,
                ModeratorTools(repo, board, deadlines, clock))  # fmt: skip
    await database.close()
