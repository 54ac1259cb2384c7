"""The challenge use cases with plain values: a real SQLite database in a temporary
directory, a board that records what everyone would see, a clock the tests move, and the
steps the tests share (a challenge started, a member's song entered, a member paused)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.core.acting import Actor, Done, Place
from bot.features.challenges.deadlines import Deadlines
from bot.features.challenges.entering import Entries
from bot.features.challenges.entry_posts import EntryPosts
from bot.features.challenges.opening import Start, Starts
from bot.features.challenges.outcomes import SongsOffered, Started
from bot.features.challenges.standings import Standings
from bot.features.challenges.tools import ModeratorTools
from bot.features.challenges.voting import Votes
from bot.store import open_database
from bot.store.challenges import Challenge, ChallengeRepository, Entry, FinishedSong, Placed
from tests.bot.store.challenge_rows import finished_song

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
    with_vote: list[int] = field(default_factory=list)  # entries posted with their Vote button
    buttons: list[tuple[int, str]] = field(default_factory=list)  # (entry id, state) set again
    failing: bool = False  # Discord fails every entry's post
    while_posting: Callable[[], Awaitable[object]] | None = None  # runs as an entry is posted
    voting: list[int] = field(default_factory=list)
    podiums: list[tuple[int, list[Placed]]] = field(default_factory=list)
    announced: list[int] = field(default_factory=list)
    said: list[str] = field(default_factory=list)

    async def announce(self, challenge: Challenge) -> tuple[int, int | None]:
        self.announced.append(challenge.id)
        return 1000 + challenge.id, 2000 + challenge.id

    async def post_entry(self, challenge: Challenge, number: int, entry: Entry,
                         _song: FinishedSong) -> int | None:  # fmt: skip
        if self.failing:
            raise ConnectionError("Discord failed")
        if self.while_posting is not None:
            await self.while_posting()
        self.entries.append((number, entry.id))
        if challenge.state == "voting":
            self.with_vote.append(entry.id)
        return 5000 + entry.id

    async def entry_buttons(self, challenge: Challenge, entry: Entry) -> None:
        self.buttons.append((entry.id, challenge.state))

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
    standings: Standings

    async def start(self, **options: object) -> Challenge:
        started = await self.starts.start(MOD, HERE, Start("rain", **options))  # type: ignore[arg-type]
        assert isinstance(started, Started), started
        await self.starts.posted(started.challenge.id, 900, THREAD)
        posted = await self.repo.challenge(started.challenge.id)
        assert posted is not None
        return posted

    async def song(self, actor: Actor, name: str, at: float = NOW + 1) -> int:
        """A finished song of ``actor``'s on this server: its generation id."""
        return await finished_song(self.repo.database, GUILD, actor.member_id, name, at)

    async def enter(self, actor: Actor, name: str) -> int:
        """``actor`` enters a new song of theirs with Enter, and it is posted: its entry id."""
        challenge = await self.repo.latest(GUILD)
        assert challenge is not None
        song = await self.song(actor, name)
        offered = await self.entries.offer(actor, challenge.id)
        assert isinstance(offered, SongsOffered)
        done = await self.entries.enter(actor, challenge.id, song)
        assert isinstance(done, Done), done
        assert done.then is not None
        await done.then()
        [entry] = [e for e in await self.repo.entries(challenge.id) if e.generation_id == song]
        return entry.id

    async def to_voting(self, challenge: Challenge) -> None:
        """The entries' deadline passes, and the clock acts on it."""
        self.clock.now = challenge.entries_close + 1
        await self.deadlines.tick()

    async def pause(self, actor: Actor) -> None:
        """A moderator pauses ``actor``'s song-making here."""
        await self.repo.database.write(
            "INSERT INTO blocked_members (guild_id, user_id, blocked_by, created_at)"
            " VALUES (?, ?, ?, ?)",
            (GUILD, actor.member_id, MOD.member_id, NOW),
        )


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    database = await open_database(tmp_path / "songbot.db")
    repo, board, clock = ChallengeRepository(database), Board(), Clock()
    entries = Entries(repo, EntryPosts(repo, board, clock), clock)
    deadlines = Deadlines(repo, board, entries, clock)
    yield World(repo, board, clock, Starts(repo, clock), entries, Votes(repo, clock), deadlines,
                ModeratorTools(repo, board, deadlines, clock), Standings(repo))  # fmt: skip
    await database.close()
