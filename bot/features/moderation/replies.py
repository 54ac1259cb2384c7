"""The moderators' answers on Discord: what a change did, or why not, to them alone."""

from __future__ import annotations

import discord

from bot.core.acting import Refusal
from bot.core.replies import reply_privately
from bot.features.moderation.service import Changed


async def answer_change(interaction: discord.Interaction, outcome: Changed | Refusal) -> None:
    """What a change did, or why not: only to the moderator."""
    said = outcome.summary if isinstance(outcome, Changed) else outcome.text
    await reply_privately(interaction, said)
