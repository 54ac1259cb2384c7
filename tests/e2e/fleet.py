"""Several real ``songbot run`` processes on one database, started and stopped by the tests
(the processes tests and the challenges' deadline test share them)."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from bot.mock_api import RunningSimulator
from tests.bot.cli.conftest import clean_env
from tests.conftest import TEST_KEY
from tests.standin.discord.server import DiscordStandIn

LEASE = 2.0  # seconds: a killed process's songs are taken over within about this long


@dataclass
class Fleet:
    """The bot processes, and how to start them."""

    standin: DiscordStandIn
    simulator: RunningSimulator
    database_url: str
    folder: Path
    processes: list[asyncio.subprocess.Process] = field(default_factory=list)

    async def start(self, count: int, *, shards: bool) -> None:
        """``count`` processes: with ``shards``, process ``n`` runs shard ``n`` of ``count``;
        without, each runs the whole bot (and the stand-in balances interactions)."""
        for number in range(count):
            extra = {"DISCORD_SHARD_COUNT": str(count), "DISCORD_SHARD_IDS": str(number)}
            await self.spawn(number, extra if shards else {})
        await self.standin.wait_for(lambda: len(self.standin.gateway.shards_connected()) ==
                                    (count if shards else 1) and self._sessions() >= count,
                                    limit=90)  # fmt: skip

    async def join(self, extra: dict[str, str]) -> asyncio.subprocess.Process:
        """One more process running the whole bot, once it is connected."""
        process = await self.spawn(len(self.processes), extra)
        await self.standin.wait_for(lambda: self._sessions() >= len(self.processes), limit=90)
        return process

    def _sessions(self) -> int:
        return sum(s.ws is not None for s in self.standin.gateway.sessions.values())

    async def spawn(self, number: int, extra: dict[str, str]) -> asyncio.subprocess.Process:
        folder = self.folder / f"process-{number}"
        folder.mkdir(exist_ok=True)
        env = clean_env(**{
            "DISCORD_TOKEN": self.standin.token, "SOUNDVERSE_API_KEY": TEST_KEY,
            "SOUNDVERSE_API_URL": self.simulator.url, "DATABASE_URL": self.database_url,
            "DISCORD_API_URL": self.standin.api_url,
            "DISCORD_GATEWAY_URL": self.standin.gateway_url, "SONG_EDIT_INTERVAL": "0.2",
            "SONG_LEASE_SECONDS": str(LEASE), "LOG_LEVEL": "INFO", **extra,  # extra wins
        })  # fmt: skip
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=folder, env=env,
            stdout=asyncio.subprocess.DEVNULL, stderr=(folder / "bot.log").open("ab"),
        )  # fmt: skip
        self.processes.append(process)
        return process

    async def stop(self) -> None:
        for process in self.processes:
            if process.returncode is None:
                process.kill()
                await process.wait()


F = TypeVar("F", bound=Fleet)


@contextlib.asynccontextmanager
async def fleet_of(
    kind: type[F], simulator: RunningSimulator, database_url: str, folder: Path
) -> AsyncIterator[F]:
    """A fleet (of ``kind``) with its Discord stand-in: three servers on three shards."""
    standin = DiscordStandIn(guilds=3, shards=3)
    await standin.start()
    try:
        yield kind(standin, simulator, database_url, folder)
    finally:
        await standin.close()
