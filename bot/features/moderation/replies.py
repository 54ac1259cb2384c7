"""The moderators' answers on Discord: what a change did, or why not, to them alone."""

from __future__ import annotations

import discord

from bot.core.acting import Refusal
from bot.core.replies import reply_privately, who_and_where
from bot.features.moderation import texts
from bot.features.moderation.log_channel import LOG_NEEDS
from bot.features.moderation.service import Changed, ServerSettings


async def answer_change(interaction: discord.Interaction, outcome: Changed | Refusal) -> None:
    """What a change did, or why not: only to the moderator."""
    said = outcome.summary if isinstance(outcome, Changed) else outcome.text
    await reply_privately(interaction, said)


def missing_permissions(channel: discord.abc.GuildChannel) -> list[str]:
    """The permissions the bot lacks to post in ``channel``, by their names in Discord."""
    allowed = channel.permissions_for(channel.guild.me)
    return [name for name, flag in LOG_NEEDS if not getattr(allowed, flag)]


async def answer_log(
    interaction: discord.Interaction,
    settings: ServerSettings,
    channel: discord.TextChannel | None,
    *,
    off: bool,
) -> None:
    """``/songadmin log``: choose the moderators' log channel, turn it off, or (with neither)
    see where it is and whether it stopped."""
    who, where = who_and_where(interaction)
    if channel is None and not off:
        shown = await settings.log_channel.show(who, where)
        said = shown.text if isinstance(shown, Refusal) else texts.log_status(shown)
        await reply_privately(interaction, said)
        return
    chosen = None if off or channel is None else channel.id
    missing = missing_permissions(channel) if chosen is not None and channel else []
    outcome = await settings.log_channel.choose(who, where, chosen, missing=missing)
    await answer_change(interaction, outcome)
