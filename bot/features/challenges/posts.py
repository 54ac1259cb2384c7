"""The challenges' :class:`.board.Board` on Discord: the announcement and its thread, the
entries, the Vote buttons, the podium. Public messages are in the server's language (the
challenge's, recorded when it started); nothing pings anyone."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence

import discord

from bot.core.i18n import ENGLISH, Words, say
from bot.core.replies import NO_PINGS
from bot.features.challenges import render, texts
from bot.features.challenges.controls import announcement_view, entry_view
from bot.features.songs import DEFAULT_FILE_LIMIT, Downloads, MediaFetcher
from bot.store.challenges import Challenge, Entry, FinishedSong, Placed

log = logging.getLogger(__name__)

Channel = Callable[..., discord.PartialMessageable]  # the bot's get_partial_messageable
Thread = Callable[[int], Awaitable[discord.Thread]]
Guild = Callable[[int], discord.Guild | None]  # the bot's get_guild: its upload limit


def results_nonce(challenge_id: int) -> str:
    """The podium's nonce: Discord keeps one message per nonce for a few minutes, so a second
    post after a process died mid-post is the same message (at most 25 characters)."""
    return f"sbc{challenge_id}"


def entry_nonce(entry_id: int) -> str:
    """An entry post's nonce, for the same reason as :func:`results_nonce`'s."""
    return f"sbe{entry_id}"


class DiscordBoard:
    def __init__(
        self,
        channel: Channel,
        thread: Thread,
        media: MediaFetcher,
        *,
        guild: Guild = lambda _id: None,
        words_in: Callable[[str | None], Words] = lambda _locale: ENGLISH,
    ) -> None:
        self._channel = channel
        self._thread = thread
        self._media = media
        self._guild = guild
        self._words_in = words_in

    def words(self, challenge: Challenge) -> Words:
        return self._words_in(challenge.locale)

    async def announce(self, challenge: Challenge) -> tuple[int, int | None]:
        w = self.words(challenge)
        message = await self._channel(challenge.channel_id).send(
            embed=render.announcement(challenge, w),
            view=announcement_view(challenge.id, challenge.state, w),
            allowed_mentions=NO_PINGS,
        )
        return message.id, await self.start_thread(challenge, message.id)

    async def start_thread(self, challenge: Challenge, message_id: int) -> int | None:
        channel = self._channel(challenge.channel_id, guild_id=challenge.guild_id)
        partial = channel.get_partial_message(message_id)
        try:
            thread = await partial.create_thread(
                name=challenge.theme[:100], auto_archive_duration=10080
            )
        except discord.HTTPException as exc:
            log.info("no thread for challenge %s: %s", challenge.id, exc)
            return None
        return thread.id

    async def post_entry(
        self, challenge: Challenge, number: int, entry: Entry, song: FinishedSong
    ) -> int | None:
        """The entry with its cover and both versions attached (fetched as the song's own
        message fetches them: each one that cannot be is a link saying why) and its Lyrics."""
        w = self.words(challenge)
        where = self._channel(challenge.thread_id or challenge.channel_id)
        guild = self._guild(challenge.guild_id)
        limit = guild.filesize_limit if guild is not None else DEFAULT_FILE_LIMIT
        audio = dict(enumerate(song.audio_urls, start=1))
        async with Downloads(self._media, file_limit=limit) as downloads:
            package = await downloads.files(song.song_name, song.cover_url, audio)
            message = await where.send(
                embed=render.entry_embed(
                    challenge, number, entry, song, delivery=package.delivery, w=w
                ),
                files=package.discord_files(),
                view=entry_view(entry, w, voting=challenge.state == "voting"),
                nonce=entry_nonce(entry.id),
                allowed_mentions=NO_PINGS,
            )
        return message.id

    async def entry_buttons(self, challenge: Challenge, entry: Entry) -> None:
        where = self._channel(challenge.thread_id or challenge.channel_id)
        if entry.message_id is not None:
            view = entry_view(entry, self.words(challenge), voting=challenge.state == "voting")
            await where.get_partial_message(entry.message_id).edit(view=view)

    async def open_voting(self, challenge: Challenge, entries: Sequence[Entry]) -> None:
        w = self.words(challenge)
        where = self._channel(challenge.thread_id or challenge.channel_id)
        for entry in entries:
            if entry.message_id is not None and entry.disqualified is None:
                await where.get_partial_message(entry.message_id).edit(
                    view=entry_view(entry, w, voting=True)
                )
        await self.refresh(challenge)
        await self.say(challenge, w(texts.VOTING_OPEN, when=render.when(challenge.voting_close)))

    async def results(
        self, challenge: Challenge, placed: Sequence[Placed], entries: Sequence[Entry]
    ) -> None:
        w = self.words(challenge)
        await self._channel(challenge.channel_id).send(
            render.results_text(challenge, placed, entries, w),
            nonce=results_nonce(challenge.id),
            allowed_mentions=NO_PINGS,
        )
        await self._close(challenge, entries)

    async def cancelled(self, challenge: Challenge, entries: Sequence[Entry]) -> None:
        await self._close(challenge, entries)

    async def _close(self, challenge: Challenge, entries: Sequence[Entry]) -> None:
        """No Vote button looks live once voting is over, the Lyrics stay (before the thread
        is archived: an archived thread's messages cannot be edited); the announcement as it
        ends."""
        w = self.words(challenge)
        where = self._channel(challenge.thread_id or challenge.channel_id)
        for entry in entries:
            if entry.message_id is not None:
                with contextlib.suppress(discord.NotFound):  # a moderator deleted it
                    view = entry_view(entry, w, voting=False)
                    await where.get_partial_message(entry.message_id).edit(view=view)
        await self.refresh(challenge)
        await self._archive(challenge)

    async def refresh(self, challenge: Challenge) -> None:
        if challenge.message_id is None:
            return
        w = self.words(challenge)
        await (
            self._channel(challenge.channel_id)
            .get_partial_message(challenge.message_id)
            .edit(
                embed=render.announcement(challenge, w),
                view=announcement_view(challenge.id, challenge.state, w),
            )
        )

    async def say(self, challenge: Challenge, text: str) -> None:
        where = self._channel(challenge.thread_id or challenge.channel_id)
        await where.send(say(self.words(challenge), text), allowed_mentions=NO_PINGS)

    async def _archive(self, challenge: Challenge) -> None:
        if challenge.thread_id is None:
            return
        with contextlib.suppress(discord.HTTPException):
            thread = await self._thread(challenge.thread_id)
            await thread.edit(archived=True, locked=True)
