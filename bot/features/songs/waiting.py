"""The songs waiting in line, by id: what each shows and how it starts, and a server's caps
as the queue applies them. The order and the pauses are the queue's (:mod:`.queue.line`);
what members and moderators do with the line is :mod:`.queue_admin`'s."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.features.songs.card import SongCard
from bot.features.songs.queue.line import SongQueue
from bot.features.songs.queue.order import Caps
from bot.features.songs.queue.render import LineEntry
from bot.features.songs.queued import SongInLine
from bot.store import GenerationRepository
from bot.store.records import Policy

PolicyOf = Callable[[int], Awaitable[Policy]]  # a server's settings


def caps_of(policy: Policy) -> Caps:
    """What the queue applies for a server. A server that refuses beyond its caps had them
    checked in the reservation already; the queue only keeps the bot-wide cap there."""
    if policy.queue_mode == "refuse":
        return Caps(paused=policy.queue_paused)
    return Caps(policy.member_concurrent, policy.guild_concurrent, paused=policy.queue_paused)


class WaitingSongs:
    def __init__(
        self, queue: SongQueue, generations: GenerationRepository, policy_of: PolicyOf
    ) -> None:
        self.queue = queue
        self._generations = generations
        self._policy_of = policy_of
        self._songs: dict[int, SongInLine] = {}

    def join(self, song: SongInLine, policy: Policy) -> bool:
        """A song joins the line; True if it started at once. Where the server refuses beyond
        its caps, a song that cannot start at once does not stay."""
        self._songs[song.song_id] = song
        wait = policy.queue_mode == "queue"
        started = self.queue.add(song.ticket, caps_of(policy), wait=wait)
        if not started and not wait:
            self._songs.pop(song.song_id, None)
        return started

    def song_ids(self) -> set[int]:
        """The songs waiting here, or in the queue's hands (a song the API sent back is in
        line again): their leases are this process's to keep."""
        return set(self._songs) | self.queue.song_ids()

    def left(self, song_id: int) -> None:
        """The song's turn came (the queue started it)."""
        self._songs.pop(song_id, None)

    def forget(self, song_id: int) -> None:
        """A song that never got its message: out of the queue, wherever it was."""
        self._songs.pop(song_id, None)
        self.queue.cancel(song_id)
        self.queue.finished(song_id)

    async def policy(self, guild_id: int) -> Policy:
        return await self._policy_of(guild_id)

    def get(self, song_id: int) -> SongInLine | None:
        return self._songs.get(song_id)

    def line(self, guild_id: int, user_id: int) -> list[LineEntry]:
        """A server's waiting songs in order, for ``/songs queue``."""
        entries = []
        for position, ticket in self.queue.line(guild_id):
            song = self._songs.get(ticket.place.song_id)
            card = song.card if song is not None else SongCard("a member", None)
            mine = ticket.place.user_id == user_id
            entries.append(
                LineEntry(ticket.place.song_id, position, card.requester, card.prompt, mine=mine)
            )
        return entries

    async def settings_changed(self, guild_id: int) -> None:
        """A moderator changed the server's caps or paused its queue."""
        self.queue.set_caps(guild_id, caps_of(await self._policy_of(guild_id)))

    def close(self) -> None:
        """The bot stops: nothing more starts, and the waiting songs keep their rows."""
        self.queue.close()
        for song in self._songs.values():
            if song.job is not None:
                song.job.abandon()
