"""The Discord stand-in, started for a test and closed after it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.standin.discord.server import DiscordStandIn


@pytest.fixture
async def standin() -> AsyncIterator[DiscordStandIn]:
    standin = DiscordStandIn()
    await standin.start()
    yield standin
    await standin.close()
