"""A server's rules for challenges, their defaults, and the checks made before a challenge
starts, an entry enters or a vote counts. Pure: figures in, a refusal's words (or None) out."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.i18n import Said
from bot.features.challenges import texts
from bot.store.challenges import Challenge, ChallengeSettings

ENTRIES_FOR = "5d"  # the default entry phase, then the vote: a challenge a week
VOTING_FOR = "2d"
MAX_ENTRIES_PER_MEMBER = 5
DAY = 86400.0
MIN_MEMBER_DAYS = 1.0  # on the server at least this long to vote (new accounts can't stuff)


@dataclass(frozen=True, slots=True)
class Rules:
    starter_role_id: int | None = None  # None: moderators only start challenges
    min_member_days: float = MIN_MEMBER_DAYS
    season: int = 1

    @classmethod
    def of(cls, stored: ChallengeSettings) -> Rules:
        days = MIN_MEMBER_DAYS if stored.min_member_days is None else stored.min_member_days
        return cls(stored.starter_role_id, days, stored.season)


def rules_text(rules: Rules) -> str:
    who = f"<@&{rules.starter_role_id}> and moderators" if rules.starter_role_id else "moderators"
    return Said(
        "Rules for challenges: {who} start them; members vote after {days} days on the "
        "server; season {season}.",
        who=who, days=f"{rules.min_member_days:g}", season=rules.season,
    )  # fmt: skip


def start_refusal(rules: Rules, *, role_ids: frozenset[int], moderator: bool) -> str | None:
    if moderator:
        return None
    if rules.starter_role_id is not None and rules.starter_role_id in role_ids:
        return None
    if rules.starter_role_id is None:
        return texts.MODERATORS_START
    return Said(texts.ROLE_STARTS, role=f"<@&{rules.starter_role_id}>")


def entering_refusal(challenge: Challenge, now: float, entered: int) -> str | None:
    """Why the member cannot enter one more song now (None: they can)."""
    if challenge.state != "entries" or now >= challenge.entries_close:
        return texts.ENTRIES_CLOSED
    if entered >= challenge.entries_per_member:
        return Said(texts.ENOUGH_ENTRIES, count=challenge.entries_per_member)
    return None


@dataclass(frozen=True, slots=True)
class Voter:
    """What counts about a member's vote, read before it is cast."""

    joined_at: float | None  # when they joined the server (Discord sends it)
    blocked: bool
    credited: bool  # they entered this entry or wrote lines for it
    bot: bool = False


def vote_refusal(
    challenge: Challenge, now: float, rules: Rules, voter: Voter, disqualified: bool
) -> str | None:
    """Why this vote cannot count (None: it does)."""
    if challenge.state != "voting" or now >= challenge.voting_close:
        return texts.NOT_VOTING if challenge.state == "entries" else texts.VOTING_CLOSED
    if voter.bot:
        return texts.NO_BOTS
    if voter.blocked:
        return texts.BLOCKED
    if disqualified:
        return texts.DISQUALIFIED_ENTRY
    if voter.credited:
        return texts.OWN_ENTRY
    joined = voter.joined_at if voter.joined_at is not None else now
    if now - joined < rules.min_member_days * DAY:
        return Said(texts.TOO_NEW, days=f"{rules.min_member_days:g}")
    return None
