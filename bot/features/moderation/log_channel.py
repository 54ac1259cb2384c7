"""``/songadmin log``'s use cases: where the bot tells the server's moderators what happens (the
moderators' log, ``bot/features/modlog``), chosen as a server setting: the same rule (Manage
Server), the same settings log (who, and "via web" from the dashboard) as every other one. No
Discord here: whether the bot may post in a channel is the front end's to say (``missing``)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from bot.core.acting import Actor, Place, Refusal
from bot.features.moderation import texts
from bot.features.moderation.outcomes import MODERATORS_ONLY, Changed
from bot.store.moderation import ModerationRepository
from bot.store.modlog import LogChannel

log = logging.getLogger(__name__)
# What the log needs in its channel (plain text messages: no Embed Links), by the names Discord
# shows and discord.py's Permissions attribute
LOG_NEEDS = (("View Channel", "view_channel"), ("Send Messages", "send_messages"))


class LogChannelSettings:
    def __init__(self, repository: ModerationRepository) -> None:
        self._channels = repository.log_channels

    async def show(self, actor: Actor, where: Place) -> LogChannel | Refusal | None:
        """The log's channel, and why it stopped if it did (None: no log)."""
        if not actor.manages_server:
            return MODERATORS_ONLY
        return await self._channels.channel(where.guild_id)

    async def choose(
        self, actor: Actor, where: Place, channel_id: int | None, *, missing: Sequence[str] = ()
    ) -> Changed | Refusal:
        """Where the log goes (None: nowhere); ``missing``:
        the permissions the bot lacks in that channel, as the front end sees them."""
        if not actor.manages_server:
            return MODERATORS_ONLY
        if channel_id is not None and missing:
            return Refusal(texts.cannot_post(channel_id, missing))
        change = texts.log_channel(channel_id)
        await self._channels.choose(where.guild_id, channel_id, by=actor.member_id, change=change)
        log.info("server %s: %s changed a setting: %s", where.guild_id, actor.member_id, change)
        if channel_id is None:
            return Changed("The moderators' log is off.")
        return Changed(texts.log_channel_set(channel_id))
