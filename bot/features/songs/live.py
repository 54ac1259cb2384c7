"""The one message a job lives in, edited through the interaction while its token is valid and
through the channel after that (interaction tokens expire after 15 minutes)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence

import discord

from bot.core.replies import NO_PINGS
from bot.features.songs.channel_edits import SUPERSEDED, ChannelEdits, Priority
from bot.features.songs.original import edit_original
from bot.features.songs.render import Screen
from bot.features.songs.results.buttons import view_for

__all__ = ["NO_PINGS", "TOKEN_EXPIRED", "LiveMessage", "answer_with"]

log = logging.getLogger(__name__)

TOKEN_EXPIRED = 50027  # Discord: Invalid Webhook Token


class LiveMessage:
    """Edits one message; falls back from the interaction webhook to the channel."""

    def __init__(
        self,
        interaction: discord.Interaction | None,
        message_id: int | None,
        *,
        channel: discord.abc.Messageable | None,
        token_lifetime: float,
        channel_edits: ChannelEdits | None = None,
    ) -> None:
        """Without an interaction (a song picked up after a restart) it uses the channel."""
        self._interaction = interaction
        self._message_id = message_id
        self._channel_override = channel
        self._token_deadline = float("-inf")
        if interaction is not None:
            age = discord.utils.utcnow().timestamp() - interaction.created_at.timestamp()
            margin = min(60.0, token_lifetime * 0.1)
            self._token_deadline = time.monotonic() + token_lifetime - margin - max(0.0, age)
        self._via_channel = interaction is None
        self._channel_edits = channel_edits
        self.edits = 0

    @property
    def token_valid(self) -> bool:
        return not self._via_channel and time.monotonic() < self._token_deadline

    @property
    def interaction(self) -> discord.Interaction:
        if self._interaction is None:  # token_valid is False without an interaction
            raise RuntimeError("no interaction")
        return self._interaction

    @property
    def message_id(self) -> int | None:
        return self._message_id

    async def show(self, screen: Screen, files: Sequence[discord.File] | None = None) -> None:
        """Make the message show ``screen`` (replacing its files when ``files`` is given)."""
        self.edits += 1
        attachments = list(files) if files is not None else discord.utils.MISSING
        if self.token_valid:
            try:
                await edit_original(
                    self.interaction,
                    content=screen.content,
                    embeds=screen.embeds,
                    attachments=attachments,
                    view=view_for(screen.buttons),
                    allowed_mentions=NO_PINGS,
                )
            except discord.HTTPException as exc:
                if not _expired(exc):
                    raise
                log.info("interaction token expired; editing through the channel")
            else:
                return
        self._via_channel = True
        await self._edit_in_channel(screen, files)

    async def has_files(self) -> bool:
        """Whether the message has files on it already: the finished song, posted by a process
        that stopped before it could record so. Unknown (False) if it cannot be read."""
        channel = self._channel()
        if channel is None or self._message_id is None:
            return False
        try:
            message = await channel.fetch_message(self._message_id)
        except discord.HTTPException as exc:
            log.info("could not read message %s back: %s", self._message_id, exc)
            return False
        return bool(message.attachments)

    async def send_more(self, screen: Screen) -> discord.Message | None:
        """A further message under this one (for what does not fit in a single message)."""
        if self.token_valid:
            return await self.interaction.followup.send(
                embeds=list(screen.embeds), allowed_mentions=NO_PINGS, wait=True
            )
        channel = self._channel()
        if channel is None:
            return None
        return await channel.send(embeds=list(screen.embeds), allowed_mentions=NO_PINGS)

    async def _edit_in_channel(self, screen: Screen, files: Sequence[discord.File] | None) -> None:
        channel = self._channel()
        if channel is None:
            log.warning("no channel to show the song in after the token expired")
            return
        if self._message_id is not None:
            attachments = list(files) if files is not None else discord.utils.MISSING
            partial = discord.PartialMessage(channel=channel, id=self._message_id)  # type: ignore[arg-type] # any messageable channel works for an edit by id

            async def edit() -> object:
                return await partial.edit(
                    content=screen.content,
                    embeds=list(screen.embeds),
                    attachments=attachments,
                    view=view_for(screen.buttons),
                    allowed_mentions=NO_PINGS,
                )

            try:
                await self._scheduled(channel, edit, priority=_priority(screen))
            except (discord.NotFound, discord.Forbidden):
                log.info("cannot edit the original message; posting a new one")
            else:
                return
        message = await channel.send(
            content=screen.content,
            embeds=list(screen.embeds),
            files=list(files or []),
            view=view_for(screen.buttons),
            allowed_mentions=NO_PINGS,
        )
        self._message_id = message.id

    async def _scheduled(
        self,
        channel: discord.abc.Messageable,
        edit: Callable[[], Awaitable[object]],
        *,
        priority: Priority,
    ) -> None:
        """Through the channel's scheduler when there is one (a newer state of this message
        may supersede this one: then it is simply not sent).

        Only a song's end is waited for. Progress and places are left in the scheduler's line:
        waiting for them would hold the song's next state (its end, say) behind every other
        message of a busy channel, while a newer state simply takes their place there."""
        channel_id = getattr(channel, "id", None)
        if self._channel_edits is None or channel_id is None or self._message_id is None:
            await edit()
            return
        scheduled = self._channel_edits.schedule(
            channel_id, self._message_id, edit, priority=priority
        )
        if priority is not Priority.END:
            scheduled.add_done_callback(self._progress_shown)
            return
        if await scheduled is SUPERSEDED:
            log.debug("an edit of message %s gave way to a newer one", self._message_id)

    def _progress_shown(self, done: asyncio.Future[object]) -> None:
        """A progress edit left in the line has gone (or given way); its failure is logged,
        and the song's end, which is waited for, deals with a message that is gone."""
        if done.cancelled():
            return
        error = done.exception()
        if error is not None:
            log.info("a progress edit of message %s failed: %s", self._message_id, error)

    def _channel(self) -> discord.abc.Messageable | None:
        if self._channel_override is not None:
            return self._channel_override
        channel = self._interaction.channel if self._interaction else None
        if isinstance(channel, discord.abc.Messageable):
            return channel
        return None


def _priority(screen: Screen) -> Priority:
    """The end of a song (its buttons) before others' progress, and places in line last."""
    if screen.waiting:
        return Priority.PLACE
    return Priority.STAGE if screen.buttons is None else Priority.END


def _expired(exc: discord.HTTPException) -> bool:
    return exc.code == TOKEN_EXPIRED or exc.status == 401


async def answer_with(interaction: discord.Interaction, screen: Screen) -> int | None:
    """Answer the interaction with ``screen``, or show it in place of "thinking…" if the
    interaction was acknowledged already; the message's id."""
    view = view_for(screen.buttons)
    if interaction.response.is_done():
        return await edit_original(
            interaction, embeds=screen.embeds, view=view, allowed_mentions=NO_PINGS
        )
    callback = await interaction.response.send_message(
        embeds=list(screen.embeds), view=view, allowed_mentions=NO_PINGS
    )
    return callback.message_id
