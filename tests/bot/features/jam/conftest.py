"""The session use cases with plain values: a real SQLite database in a temporary directory,
a board that records what the thread would hear, and a clock the tests move."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.core.acting import Actor, Place
from bot.core.i18n import ENGLISH, Words
from bot.features.jam.actions import Mode
from bot.features.jam.host import HostTools
from bot.features.jam.opening import Opening, Openings
from bot.features.jam.outcomes import Opened
from bot.features.jam.service import JamService
from bot.features.jam.suggestions import Suggestions
from bot.features.jam.turns import Turns
from bot.store import GenerationRepository, ModerationRepository, open_database
from bot.store.jams import JamRepository, JamSession

GUILD, CHANNEL = 1, 2
HOST = Actor(10, "Host")
ANA, BEN = Actor(11, "Ana"), Actor(12, "Ben")
MODERATOR = Actor(13, "Mod", moderator=True)
HERE = Place(GUILD, CHANNEL)


@dataclass
class Board:
    """What the use cases tell the session's thread, recorded."""

    said: list[tuple[int, str, int | None]] = field(default_factory=list)
    suggested: list[tuple[int, int, str]] = field(default_factory=list)
    withdrawn: list[tuple[int, str]] = field(default_factory=list)
    changes: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)

    def words(self, session: JamSession) -> Words:  # noqa: ARG002 - one language here
        return ENGLISH

    def changed(self, session_id: int) -> None:
        self.changes.append(session_id)

    async def ended(self, session_id: int) -> None:
        self.ends.append(session_id)

    async def say(self, session: JamSession, text: str, *, mention: int | None = None) -> None:
        self.said.append((session.id, text, mention))

    async def suggest(self, session: JamSession, line_id: int, text: str) -> int | None:
        self.suggested.append((session.id, line_id, text))
        return 9000 + line_id

    async def withdraw(
        self,
        session: JamSession,  # noqa: ARG002 - the message id says which
        message_id: int,
        text: str,
    ) -> None:
        self.withdrawn.append((message_id, text))


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Jam:
    repo: JamRepository
    board: Board
    clock: Clock
    service: JamService
    openings: Openings
    moderation: ModerationRepository

    @property
    def host(self) -> HostTools:
        return self.service.host

    @property
    def turns(self) -> Turns:
        return self.service.turns

    async def open(self, mode: Mode = Mode.OPEN, title: str = "Harbour") -> JamSession:
        opened = await self.openings.start(HOST, HERE, Opening(title, "shanty", mode))
        assert isinstance(opened, Opened)
        session = await self.repo.session(opened.session_id)
        assert session is not None
        return session


@pytest.fixture
async def jam(tmp_path: Path) -> AsyncIterator[Jam]:
    database = await open_database(tmp_path / "songbot.db")
    repo, board, clock = JamRepository(database), Board(), Clock()
    host = HostTools(repo, board, clock)
    turns = Turns(repo, board, clock)
    turns.end_idle = host.end
    service = JamService(repo, board, host, turns, Suggestions(repo, board, turns), clock=clock)
    moderation = ModerationRepository(database)
    openings = Openings(repo, moderation, GenerationRepository(database), clock)
    yield Jam(repo, board, clock, service, openings, moderation)
    await database.close()
