"""An entry's post in its challenge's thread, made exactly once. The entry is saved with a
claim on its post (a lease, as a challenge's message has: the process that saved it posts it);
the message id is recorded once posted. An entry whose process died, or whose post Discord
failed, keeps no message: once its claim runs out, the clock (:meth:`EntryPosts.catch_up`, in
any process, or the same one after a restart) claims it again and posts it.

Voting may open while an entry is on its way: the post carries its Vote button if voting is
open when it is made, and if voting opened (or closed) between that and its message id being
recorded, its buttons are set again. Voting's own step sets the buttons of every entry whose
message id it reads, so every posted entry ends with the right buttons."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from bot.features.challenges.board import Board
from bot.features.challenges.opening import CLAIM_SECONDS
from bot.store.challenges import Challenge, ChallengeRepository

log = logging.getLogger(__name__)

TAKING_ENTRIES = ("entries", "voting")  # a closed or cancelled challenge's thread is archived


class EntryPosts:
    def __init__(
        self,
        repo: ChallengeRepository,
        board: Board,
        clock: Callable[[], float] = time.time,
        claim_seconds: float = CLAIM_SECONDS,
    ) -> None:
        self._repo = repo
        self._board = board
        self._clock = clock
        self._claim_seconds = claim_seconds

    def claim_until(self) -> float:
        """Until when a claim taken now holds an entry's post."""
        return self._clock() + self._claim_seconds

    async def post(self, challenge_id: int, entry_id: int) -> bool:
        """Post the entry, whose claim this process holds: True once posted and recorded. A
        failure is logged and the claim kept, so the post is tried again once it runs out (a
        request that failed on its way may still have reached Discord)."""
        try:
            return await self._post(challenge_id, entry_id)
        except Exception:
            log.exception("entry %s: its post failed; tried again when its claim ends", entry_id)
            return False

    async def _post(self, challenge_id: int, entry_id: int) -> bool:
        challenge = await self._repo.challenge(challenge_id)
        entries = await self._repo.entries(challenge_id)
        numbered = [(n, e) for n, e in enumerate(entries, start=1) if e.id == entry_id]
        if challenge is None or not numbered or numbered[0][1].message_id is not None:
            return False
        number, entry = numbered[0]
        song = await self._repo.finished_song(challenge.guild_id, entry.generation_id)
        if song is None:
            log.info("entry %s: its song is gone, nothing to post", entry_id)
            return False
        message_id = await self._board.post_entry(challenge, number, entry, song)
        if message_id is None:
            return False
        await self._repo.entry_posted(entry_id, message_id)
        now = await self._repo.challenge(challenge_id)
        if now is not None and (now.state == "voting") != (challenge.state == "voting"):
            posted = await self._repo.entry(entry_id)  # voting moved while it was on its way
            if posted is not None:
                await self._board.entry_buttons(now, posted)
        return True

    async def catch_up(self, challenge: Challenge) -> float | None:
        """Post the challenge's entries that have no message and no live claim (their process
        died, or Discord failed): when to look again at one still claimed, if any."""
        if challenge.state not in TAKING_ENTRIES:
            return None
        look_again: list[float] = []
        for entry in await self._repo.entries(challenge.id):
            if entry.message_id is not None:
                continue
            now, until = self._clock(), self.claim_until()
            if not await self._repo.claim_entry(entry.id, now, until):
                if entry.claim_until is not None:  # another process (or a post) is on it
                    look_again.append(entry.claim_until)
                continue
            if not await self.post(challenge.id, entry.id):
                look_again.append(until)
        return min(look_again, default=None)
