"""The reservation reads the server's settings version inside its transaction, so a change
made through another connection (another process) holds at once."""

from __future__ import annotations

from pathlib import Path

from bot.features.usage.policy import Refusal
from bot.features.usage.reservations import Reservations, Reserved
from bot.store import ModerationRepository, open_database
from tests.bot.store.asks import GUILD, MOD, ask


async def test_a_change_made_elsewhere_holds_at_once(tmp_path: Path) -> None:
    path = tmp_path / "songbot.db"
    here, there = await open_database(path), await open_database(path)
    try:
        await ModerationRepository(there).set_limits(GUILD, MOD, {"member_daily": 5}, "5")
        reservations = Reservations(here)
        assert isinstance(await reservations.reserve(ask()), Reserved)  # the policy is now cached
        await ModerationRepository(there).set_limits(GUILD, MOD, {"member_daily": 1}, "1")
        refused = await reservations.reserve(ask())
        assert isinstance(refused, Refusal)
        assert refused.limit == "member_daily"
        await ModerationRepository(there).set_timezone(GUILD, MOD, "Pacific/Kiritimati", "tz")
        await ModerationRepository(there).set_limits(GUILD, MOD, {"member_daily": None}, "none")
        assert isinstance(await reservations.reserve(ask()), Reserved)
    finally:
        await here.close()
        await there.close()
