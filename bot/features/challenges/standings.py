"""``/challenge show`` and ``/challenge leaderboard``: what a member may see (counts only
once the challenge has ended)."""

from __future__ import annotations

from bot.core.acting import Actor, Place, Refusal
from bot.features.challenges import texts
from bot.features.challenges.outcomes import Leaderboard, Overview
from bot.features.challenges.rules import Rules
from bot.features.challenges.tools import here
from bot.store.challenges import ChallengeRepository


class Standings:
    def __init__(self, repo: ChallengeRepository) -> None:
        self._repo = repo

    async def show(self, actor: Actor, place: Place) -> Overview | Refusal:
        challenge = await here(self._repo, place) or await self._repo.latest(place.guild_id)
        if challenge is None:
            return Refusal(texts.NONE_HERE)
        entries = tuple(await self._repo.entries(challenge.id))
        mine = await self._repo.vote_of(challenge.id, actor.member_id)
        done = challenge.state == "closed"
        placed = tuple(await self._repo.results(challenge.id)) if done else ()
        return Overview(challenge, entries, mine, placed)

    async def leaderboard(self, place: Place) -> Leaderboard:
        season = Rules.of(await self._repo.settings(place.guild_id)).season
        return Leaderboard(season, tuple(await self._repo.leaderboard(place.guild_id, season)))
