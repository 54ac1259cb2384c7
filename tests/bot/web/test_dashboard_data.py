"""The dashboard's reads and writes outside HTTP: a change made through its use cases (its
own connection, as ``songbot web`` beside the bots) holds for the next reservation at once,
whatever the reserving process cached, on both backends; the charts' columns."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.core.acting import Actor, Place
from bot.features.moderation.limits import Limit
from bot.features.usage.policy import Refusal
from bot.features.usage.reservations import Reservations, Reserved
from bot.store import Database, open_database
from bot.web.dashboard_data import DAYS, Desk, bars, overview
from tests.bot.store.asks import GUILD, ask

MODERATOR = Actor(900, "Mo", moderator=True, manages_server=True)


@pytest.fixture(params=["sqlite", "postgresql"])
async def two_processes(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[tuple[Database, Database]]:
    """Two connections to one database: the web's, and a bot's."""
    url = (
        request.getfixturevalue("postgres_url")
        if request.param == "postgresql"
        else f"sqlite:///{tmp_path / 'songbot.db'}"
    )
    web, bot = await open_database(url), await open_database(url)
    yield web, bot
    await web.close()
    await bot.close()


async def test_a_change_on_the_page_holds_for_the_next_song(
    two_processes: tuple[Database, Database],
) -> None:
    web, bot = two_processes
    desk = Desk.of(web)
    await desk.settings.set_limits(MODERATOR, Place(GUILD, 0), {Limit.MEMBER_DAILY: 5})
    reservations = Reservations(bot)
    assert isinstance(await reservations.reserve(ask()), Reserved)  # its policy cached now
    await desk.settings.set_limits(MODERATOR, Place(GUILD, 0), {Limit.MEMBER_DAILY: 1})
    refused = await reservations.reserve(ask())
    assert isinstance(refused, Refusal)
    assert refused.limit == "member_daily"
    shown = await overview(desk, GUILD)
    assert len(shown.days) == DAYS
    assert shown.songs == 1
    assert [entry.change for entry in shown.changes] == [
        "songs per member per day = 1 (via web)", "songs per member per day = 5 (via web)",
    ]  # fmt: skip
    assert not shown.live_queue  # no bot in this process


def test_bars_scale_to_the_tallest_and_keep_a_hairline() -> None:
    drawn = bars([("a", 0), ("b", 5), ("c", 10)], width=300, height=100)
    assert [round(bar.height) for bar in drawn] == [1, 50, 100]
    assert [round(bar.x) for bar in drawn] == [10, 110, 210]
    assert all(bar.y + bar.height == 100 for bar in drawn)
    assert bars([]) == []
    assert [bar.height for bar in bars([("a", 0)], height=10)] == [1]
