"""A server's rules for challenges: the defaults, and the sentence /songadmin challenge
answers with."""

from __future__ import annotations

from bot.features.challenges.rules import MIN_MEMBER_DAYS, Rules, rules_text
from bot.store.challenges import ChallengeSettings


def test_stored_rules_and_their_defaults() -> None:
    assert Rules.of(ChallengeSettings()) == Rules(None, MIN_MEMBER_DAYS, 1)
    stored = ChallengeSettings(starter_role_id=77, min_member_days=0, season=3)
    assert Rules.of(stored) == Rules(77, 0.0, 3)


def test_the_rules_said() -> None:
    assert rules_text(Rules()) == (
        "Rules for challenges: moderators start them; members vote after 1 days on the "
        "server; season 1."
    )
    assert "<@&77> and moderators start them" in rules_text(Rules(77, 2.5))
    assert "after 2.5 days" in rules_text(Rules(77, 2.5))
