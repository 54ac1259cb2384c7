"""Starting a challenge, the one place it happens (``/challenge start``, and the next of a
recurring one): who may start checked, the deadlines read, and the challenge written in one
transaction. Plain values in, :class:`.outcomes.Started` or a refusal out; the front end then
posts the announcement and starts its thread."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from bot.core.acting import Actor, Place, Refusal
from bot.core.i18n import Said
from bot.features.challenges import texts
from bot.features.challenges.durations import seconds_of
from bot.features.challenges.outcomes import Started
from bot.features.challenges.rules import (
    ENTRIES_FOR,
    MAX_ENTRIES_PER_MEMBER,
    VOTING_FOR,
    Rules,
    start_refusal,
)
from bot.store.challenges import Challenge, ChallengeRepository, NewChallenge

CLAIM_SECONDS = 60.0  # a process posting a challenge's message holds it this long at most


@dataclass(frozen=True, slots=True)
class Start:
    """What ``/challenge start`` was given (durations as typed; None: the default)."""

    theme: str
    rules: str | None = None
    entries_for: str | None = None
    voting_for: str | None = None
    entries_per_member: int = 1
    more_themes: tuple[str, ...] = ()  # given: the challenge repeats, the themes in turn


def themes_of(typed: str | None) -> tuple[str, ...]:
    """``"rain; night drive | coffee"``: the themes, in turn."""
    cleaned = (typed or "").replace("|", ";").split(";")
    return tuple(" ".join(t.split())[:200] for t in cleaned if t.strip())


def following(challenge: Challenge, now: float) -> NewChallenge | None:
    """A recurring challenge's next one: the next theme, the same phases, starting now."""
    themes = (challenge.themes or "").splitlines()
    if not themes:
        return None
    index = (challenge.theme_index + 1) % len(themes)
    entries = challenge.entries_close - challenge.created_at
    voting = challenge.voting_close - challenge.entries_close
    return NewChallenge(
        challenge.guild_id, challenge.channel_id, challenge.host_id, challenge.host_name,
        themes[index], challenge.rules, challenge.entries_per_member, now, now + entries,
        now + entries + voting, challenge.locale, challenge.themes, index,
    )  # fmt: skip


class Starts:
    def __init__(
        self,
        repo: ChallengeRepository,
        clock: Callable[[], float] = time.time,
        claim_seconds: float = CLAIM_SECONDS,
    ) -> None:
        self._repo = repo
        self._clock = clock
        self._claim_seconds = claim_seconds

    async def start(self, actor: Actor, place: Place, start: Start) -> Started | Refusal:
        typed = (start.entries_for or ENTRIES_FOR, start.voting_for or VOTING_FOR)
        durations = [seconds_of(text) for text in typed]
        for text, seconds in zip(typed, durations, strict=True):
            if seconds is None:
                return Refusal(Said(texts.BAD_DURATION, typed=text[:40]))
        if not 1 <= start.entries_per_member <= MAX_ENTRIES_PER_MEMBER:
            return Refusal(Said(texts.BAD_PER_MEMBER, most=MAX_ENTRIES_PER_MEMBER))
        entries_for, voting_for = (s or 0.0 for s in durations)
        now, guild_id = self._clock(), place.guild_id
        if any(c.channel_id == place.channel_id for c in await self._repo.live(guild_id)):
            return Refusal(texts.ONE_AT_A_TIME)
        themes = (start.theme, *start.more_themes) if start.more_themes else ()
        async with self._repo.starting(guild_id) as db:
            if await self._repo.is_blocked(guild_id, actor.member_id, connection=db):
                return Refusal(texts.BLOCKED)
            rules = Rules.of(await self._repo.settings(guild_id, connection=db))
            refusal = start_refusal(rules, role_ids=actor.role_ids, moderator=actor.moderator)
            if refusal is not None:
                return Refusal(refusal)
            new = NewChallenge(
                guild_id, place.channel_id, actor.member_id, actor.name, start.theme, start.rules,
                start.entries_per_member, now, now + entries_for, now + entries_for + voting_for,
                place.locale, "\n".join(themes) or None, 0, claim_until=now + self._claim_seconds,
            )  # fmt: skip
            challenge_id = await self._repo.create(new, connection=db)
            challenge = await self._repo.challenge(challenge_id, connection=db)
        if challenge is None:  # pragma: no cover - just written
            return Refusal(texts.GONE)
        return Started(challenge)

    async def posted(self, challenge_id: int, message_id: int, thread_id: int | None) -> None:
        """Where the announcement and its thread are: nothing left to post."""
        await self._repo.announced(challenge_id, message_id, thread_id)
