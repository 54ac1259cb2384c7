"""A vote: one per member per challenge (a second moves it), never for one's own entry or
one they wrote lines for, not by members too new to the server or paused by a moderator.
The challenge's row is held while the vote is written, so a vote either counts in the tally
or is refused because voting closed: never lost in between. Counts stay hidden."""

from __future__ import annotations

import time
from collections.abc import Callable

from bot.core.acting import Actor, Done, Refusal
from bot.core.formatting import one_line
from bot.core.i18n import Said
from bot.features.challenges import texts
from bot.features.challenges.rules import Rules, Voter, vote_refusal
from bot.store.challenges import ChallengeRepository


class Votes:
    def __init__(self, repo: ChallengeRepository, clock: Callable[[], float] = time.time) -> None:
        self._repo = repo
        self._clock = clock

    async def vote(self, actor: Actor, entry_id: int) -> Done | Refusal:
        entry = await self._repo.entry(entry_id)
        challenge = await self._repo.challenge(entry.challenge_id) if entry else None
        if entry is None or challenge is None:
            return Refusal(texts.NOT_AN_ENTRY)
        guild_id = challenge.guild_id
        rules = Rules.of(await self._repo.settings(guild_id))
        voter = Voter(
            actor.joined_at,
            await self._repo.is_blocked(guild_id, actor.member_id),
            await self._repo.credited(entry_id, actor.member_id),
            actor.bot,
        )
        song, name = one_line(entry.song_name or "Untitled", 100), one_line(entry.name, 80)
        async with self._repo.ballot() as db:
            held = await self._repo.held(challenge.id, connection=db)
            if held is None:
                return Refusal(texts.GONE)
            refusal = vote_refusal(
                held, self._clock(), rules, voter, entry.disqualified is not None
            )
            if refusal is not None:
                return Refusal(refusal)
            before = await self._repo.vote_of(challenge.id, actor.member_id, connection=db)
            if before == entry_id:
                return Done(Said(texts.SAME_VOTE, song=song, name=name))
            await self._repo.vote(
                challenge.id, actor.member_id, entry_id, self._clock(), connection=db
            )
        return Done(Said(texts.VOTED if before is None else texts.MOVED, song=song, name=name))
