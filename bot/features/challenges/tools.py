"""The moderators' tools: extend a deadline, end the entries or the vote now, disqualify an
entry (the reason shown), cancel a challenge, start a new season, and the server's rules.
Every change goes into the server's settings log."""

from __future__ import annotations

import time
from collections.abc import Callable

from bot.core.acting import Actor, Done, Place, Refusal
from bot.core.formatting import one_line
from bot.core.i18n import Said
from bot.features.challenges import texts
from bot.features.challenges.board import Board
from bot.features.challenges.deadlines import Deadlines
from bot.features.challenges.durations import seconds_of
from bot.store.challenges import Challenge, ChallengeRepository


async def here(repo: ChallengeRepository, place: Place) -> Challenge | None:
    """The live challenge of this channel (or thread), else the server's newest live one."""
    live = await repo.live(place.guild_id)
    local = [c for c in live if place.channel_id in (c.channel_id, c.thread_id)]
    found = local or live
    return found[0] if found else None


class ModeratorTools:
    def __init__(
        self,
        repo: ChallengeRepository,
        board: Board,
        deadlines: Deadlines,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._repo = repo
        self._board = board
        self._deadlines = deadlines
        self._clock = clock

    async def _target(self, actor: Actor, place: Place) -> Challenge | Refusal:
        if not actor.moderator:
            return Refusal(texts.MODERATORS_ONLY)
        challenge = await here(self._repo, place)
        return challenge if challenge is not None else Refusal(texts.NONE_HERE)

    async def extend(self, actor: Actor, place: Place, by: str) -> Done | Refusal:
        """The running phase closes ``by`` later (the vote moves along with the entries)."""
        challenge = await self._target(actor, place)
        if isinstance(challenge, Refusal):
            return challenge
        seconds = seconds_of(by)
        if seconds is None:
            return Refusal(Said(texts.BAD_DURATION, typed=by[:40]))
        entries, voting = challenge.entries_close, challenge.voting_close + seconds
        if challenge.state == "entries":
            entries += seconds
        await self._repo.set_deadlines(challenge.id, entries, voting)
        phase = texts.PHASE_ENTRIES if challenge.state == "entries" else texts.PHASE_VOTING
        when = entries if challenge.state == "entries" else voting
        await self._log(actor, challenge, f"challenge {challenge.id}: {phase} extended by {by}")
        return Done(Said(texts.EXTENDED, phase=phase, when=f"<t:{int(when)}:R>"),
                    then=lambda: self._refreshed(challenge.id))  # fmt: skip

    async def end_now(self, actor: Actor, challenge_id: int) -> Done | Refusal:
        """The announcement's button: the running phase ends now."""
        challenge = await self._repo.challenge(challenge_id)
        if not actor.moderator:
            return Refusal(texts.MODERATORS_ONLY)
        if challenge is None or challenge.state not in ("entries", "voting"):
            return Refusal(texts.NOTHING_TO_END)
        now = self._clock()
        if challenge.state == "entries":
            voting = now + (challenge.voting_close - challenge.entries_close)
            await self._repo.set_deadlines(challenge.id, now, voting)
        else:
            await self._repo.set_deadlines(challenge.id, challenge.entries_close, now)
        phase = texts.PHASE_ENTRIES if challenge.state == "entries" else texts.PHASE_VOTING
        await self._log(actor, challenge, f"challenge {challenge.id}: {phase} ended now")
        return Done(Said(texts.ENDED_NOW, phase=phase), then=self._nudge)

    async def disqualify(
        self, actor: Actor, place: Place, number: int, reason: str
    ) -> Done | Refusal:
        challenge = await self._target(actor, place)
        if isinstance(challenge, Refusal):
            return challenge
        entries = await self._repo.entries(challenge.id)
        if not 1 <= number <= len(entries):
            return Refusal(Said(texts.NO_SUCH_ENTRY, number=number))
        entry = entries[number - 1]
        await self._repo.disqualify(entry.id, reason)
        await self._log(actor, challenge, f"challenge {challenge.id}: entry {number} "
                        f"disqualified: {reason}")  # fmt: skip
        said = Said(texts.DISQUALIFIED, number=number,
                    song=one_line(entry.song_name or "Untitled", 100),
                    reason=one_line(reason, 300))  # fmt: skip
        return Done(said, then=lambda: self._board.say(challenge, said))

    async def cancel(self, actor: Actor, place: Place) -> Done | Refusal:
        challenge = await self._target(actor, place)
        if isinstance(challenge, Refusal):
            return challenge
        moved = await self._repo.move(challenge.id, challenge.state, "cancelled")
        if not moved:
            return Refusal(texts.NOTHING_TO_END)
        await self._log(actor, challenge, f"challenge {challenge.id}: cancelled")
        return Done(texts.CANCELLED, then=self._nudge)

    async def new_season(self, actor: Actor, place: Place) -> Done | Refusal:
        if not actor.moderator:
            return Refusal(texts.MODERATORS_ONLY)
        season = await self._repo.new_season(
            place.guild_id, by=actor.member_id, change="challenges: season {season} started"
        )
        return Done(Said(texts.NEW_SEASON, season=season))

    async def configure(
        self, actor: Actor, place: Place, values: dict[str, int | float | None], change: str
    ) -> None:
        """``/songadmin challenge``: who may start, the minimum server age to vote."""
        await self._repo.set_settings(place.guild_id, values, by=actor.member_id, change=change)

    async def _log(self, actor: Actor, challenge: Challenge, change: str) -> None:
        await self._repo.log_change(challenge.guild_id, actor.member_id, change)

    async def _refreshed(self, challenge_id: int) -> None:
        challenge = await self._repo.challenge(challenge_id)
        if challenge is not None:
            await self._board.refresh(challenge)
        self._deadlines.wake()

    async def _nudge(self) -> None:
        """The clock acts on the change at once (this process's; others within a minute)."""
        await self._deadlines.tick()
