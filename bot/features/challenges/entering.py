"""Entering a challenge: **Enter** (one of the member's finished songs since the challenge
started) and **Make an entry** (a new song through the normal song path, posted in the
challenge's thread, which enters when it is done). The deadline and the entries per member
are checked with the write, in one transaction."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from bot.core.acting import Actor, Done, Refusal
from bot.core.formatting import one_line
from bot.core.i18n import Said
from bot.features.challenges import texts
from bot.features.challenges.entry_posts import EntryPosts
from bot.features.challenges.outcomes import EntryFormAsked, SongAsked, SongsOffered
from bot.features.challenges.rules import entering_refusal
from bot.features.songs import InputProblem, SongInputs, build_request
from bot.store.challenges import Challenge, ChallengeRepository, Entry, FinishedSong
from bot.store.records import Origin
from bot.store.sql import Connection


def song_title(song: FinishedSong) -> str:
    """The song's name for one of the bot's sentences: one line, escaped."""
    return one_line(song.song_name or "Untitled", 100)


class Entries:
    def __init__(
        self, repo: ChallengeRepository, posts: EntryPosts, clock: Callable[[], float] = time.time
    ) -> None:
        self._repo = repo
        self._clock = clock
        self.posts = posts  # each entry's post, claimed with the entry

    async def _open_to(self, actor: Actor, challenge_id: int) -> Challenge | Refusal:
        challenge = await self._repo.challenge(challenge_id)
        if challenge is None:
            return Refusal(texts.GONE)
        if await self._repo.is_blocked(challenge.guild_id, actor.member_id):
            return Refusal(texts.BLOCKED)
        entered = self._count(await self._repo.entries(challenge_id), actor.member_id)
        refusal = entering_refusal(challenge, self._clock(), entered)
        return Refusal(refusal) if refusal else challenge

    async def offer(self, actor: Actor, challenge_id: int) -> SongsOffered | Refusal:
        """Enter: the member's finished songs here since the challenge started."""
        challenge = await self._open_to(actor, challenge_id)
        if isinstance(challenge, Refusal):
            return challenge
        entered = {e.generation_id for e in await self._repo.entries(challenge_id)}
        songs = await self._repo.finished_songs(
            challenge.guild_id, actor.member_id, challenge.created_at
        )
        songs = [s for s in songs if s.generation_id not in entered]
        if not songs:
            return Refusal(texts.NO_SONGS)
        return SongsOffered(challenge, tuple(songs))

    async def enter(self, actor: Actor, challenge_id: int, generation_id: int) -> Done | Refusal:
        """The song picked enters, if it still may."""
        challenge = await self._open_to(actor, challenge_id)
        if isinstance(challenge, Refusal):
            return challenge
        song = await self._repo.finished_song(challenge.guild_id, generation_id)
        if (
            song is None
            or song.user_id != actor.member_id
            or song.created_at < challenge.created_at
        ):
            return Refusal(texts.NOT_YOURS)
        entry_id = await self._add(challenge, song, actor.name)
        if isinstance(entry_id, Refusal):
            return entry_id
        return Done(
            Said(texts.ENTERED, song=song_title(song)),
            then=lambda: self._post(challenge.id, entry_id),
        )

    async def ask_make(self, actor: Actor, challenge_id: int) -> EntryFormAsked | Refusal:
        challenge = await self._open_to(actor, challenge_id)
        if isinstance(challenge, Refusal):
            return challenge
        return EntryFormAsked(challenge.id, challenge.theme)

    async def make(
        self, actor: Actor, challenge_id: int, prompt: str, lyrics: str | None
    ) -> SongAsked | Refusal:
        """The form was sent: the song's request (the song path checks the limits)."""
        challenge = await self._open_to(actor, challenge_id)
        if isinstance(challenge, Refusal):
            return challenge
        try:
            request = build_request(SongInputs(prompt=prompt or None, lyrics=lyrics or None))
        except InputProblem as problem:
            return Refusal(problem.message)
        source = "written in the form" if request.lyrics else "generated"
        return SongAsked(request, source, challenge.thread_id)

    async def sweep(self, challenge: Challenge) -> int:
        """The songs made with Make an entry that are done enter (beyond a member's limit,
        they enter disqualified, with the reason shown); how many are still being made."""
        made, making = await self._repo.made_for(challenge)
        for song in made:
            entry_id = await self._add(challenge, song, song.name, late_ok=True)
            if not isinstance(entry_id, Refusal):
                await self.posts.post(challenge.id, entry_id)
        return making

    async def _add(
        self, challenge: Challenge, song: FinishedSong, name: str, *, late_ok: bool = False
    ) -> int | Refusal:
        """Write the entry (its id) if the deadline and the member's count allow, its post
        claimed by this process; a song made for the challenge in time enters even when it
        finished after."""
        async with self._repo.locked(challenge.id) as db:
            current = await self._repo.challenge(challenge.id, connection=db)
            entries = await self._repo.entries(challenge.id, connection=db)
            if current is None:
                return Refusal(texts.GONE)
            if any(e.generation_id == song.generation_id for e in entries):
                return Refusal(texts.ALREADY_ENTERED)
            entered = self._count(entries, song.user_id)
            over = None
            if not late_ok:
                refusal = entering_refusal(current, self._clock(), entered)
                if refusal is not None:
                    return Refusal(refusal)
            elif current.state != "entries":
                return Refusal(texts.ENTRIES_CLOSED)
            elif entered >= current.entries_per_member:  # made in time, but one too many
                over = texts.ENTRY_AFTER_LIMIT
            lyricists = await self._credits(song, db)
            return await self._repo.add_entry(
                challenge.id, song.user_id, name, song.generation_id, song.song_name,
                self._clock(), lyricists, disqualified=over,
                claim_until=self.posts.claim_until(), connection=db,
            )  # fmt: skip

    async def _credits(self, song: FinishedSong, db: Connection) -> Sequence[int]:
        """A session's song credits every lyricist: none of them may vote for it."""
        if song.origin != Origin.JAM:
            return ()
        return await self._repo.lyricists(song.channel_id, connection=db)

    async def _post(self, challenge_id: int, entry_id: int) -> None:
        await self.posts.post(challenge_id, entry_id)

    @staticmethod
    def _count(entries: Sequence[Entry], user_id: int) -> int:
        return sum(1 for e in entries if e.user_id == user_id)
