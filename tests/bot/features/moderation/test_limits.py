"""Each limit carries its column and its words; the audit line reads as a sentence."""

from __future__ import annotations

from bot.features.moderation.limits import Limit, describe, from_command
from bot.store.moderation import LIMIT_COLUMNS


def test_every_limit_has_a_column_the_store_knows() -> None:
    assert sorted(limit.column for limit in Limit) == sorted(LIMIT_COLUMNS)


def test_the_audit_wording() -> None:
    changes = {Limit.MEMBER_DAILY: 3, Limit.SERVER_CONCURRENT: from_command(0)}
    assert describe(changes) == "songs per member per day = 3, songs at once on the server removed"
