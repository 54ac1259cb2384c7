"""A server's rules for sessions with plain values: who may change them, the change stored and
logged, the rules in force out."""

from __future__ import annotations

from bot.core.acting import Actor
from bot.features.jam.rules import Rules
from bot.features.jam.settings import MANAGERS_ONLY, SessionSettings
from tests.bot.features.jam.conftest import GUILD, HERE, MODERATOR, Jam

MANAGER = Actor(14, "Manager", moderator=True, manages_server=True)


async def test_only_who_manages_the_server_changes_the_rules(jam: Jam) -> None:
    settings = SessionSettings(jam.repo)
    assert await settings.change(MODERATOR, HERE, {"max_open": 2}) == MANAGERS_ONLY
    assert await settings.change(MANAGER, HERE, {}) == Rules()


async def test_a_change_is_stored_logged_and_shown(jam: Jam) -> None:
    settings = SessionSettings(jam.repo)
    rules = await settings.change(MANAGER, HERE, {"max_open": 2, "turn_minutes": None})
    assert isinstance(rules, Rules)
    assert rules.max_open == 2
    assert rules.turn_minutes == Rules().turn_minutes
    changes = await jam.moderation.recent_changes(GUILD)
    assert [(entry.user_id, entry.change) for entry in changes] == [
        (MANAGER.member_id, "sessions: open sessions per server = 2, minutes per turn = default")
    ]
