"""Running the real ``songbot`` command in a subprocess."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import TEST_KEY

_OWN_SETTINGS = ("DISCORD_", "SOUNDVERSE_", "DATABASE_URL", "LOG_LEVEL")


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


Songbot = Callable[..., Awaitable[Result]]


def clean_env(**settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_OWN_SETTINGS)}
    env["PYTHONUNBUFFERED"] = "1"
    return {**env, **settings}


@pytest.fixture
def songbot(tmp_path: Path) -> Songbot:
    """Run ``python -m bot ARGS`` in an empty directory (so no stray .env is read)."""

    async def run(*args: str, env: dict[str, str] | None = None, limit: float = 60) -> Result:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", *args,
            cwd=tmp_path,
            env=env if env is not None else clean_env(SOUNDVERSE_API_KEY=TEST_KEY),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        out, err = await asyncio.wait_for(process.communicate(), limit)
        assert process.returncode is not None
        return Result(process.returncode, out.decode(), err.decode())

    return run
