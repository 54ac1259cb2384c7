"""Challenges on Discord, the replies: who acts and where, read from an interaction, and each
use case's outcome turned into its answer (a private sentence in the member's words, the
song menu, the entry form, the overview, the leaderboard)."""

from __future__ import annotations

import discord

from bot.core.formatting import one_line
from bot.core.i18n import members_words, servers_words
from bot.core.replies import NO_PINGS, is_moderator, reply_privately
from bot.features.challenges.controls import SongMenu, make_modal, stopped
from bot.features.challenges.outcomes import (
    Actor,
    Done,
    EntryFormAsked,
    Overview,
    Place,
    Refusal,
    Reply,
    SongsOffered,
)
from bot.features.challenges.render import leaderboard_embed, overview_embed
from bot.features.challenges.texts import PICK_SONG


def actor_of(interaction: discord.Interaction) -> Actor:
    """The member acting, with when they joined the server (Discord sends it every time)."""
    user = interaction.user
    roles = frozenset(role.id for role in getattr(user, "roles", []))
    joined = getattr(user, "joined_at", None)
    joined_at = joined.timestamp() if joined is not None else None
    return Actor(user.id, user.display_name, roles, is_moderator(interaction), user.bot, joined_at)


def place_of(interaction: discord.Interaction) -> Place:
    locale = servers_words(interaction).locale  # what its public messages will be in
    return Place(interaction.guild_id or 0, interaction.channel_id or 0, locale)


async def respond(interaction: discord.Interaction, outcome: Reply) -> None:
    """The answer to this interaction; then what everyone else sees after it."""
    await _answer(interaction, outcome)
    then = getattr(outcome, "then", None)
    if then is not None:
        await then()


async def _answer(interaction: discord.Interaction, outcome: Reply) -> None:
    words = members_words(interaction)
    if isinstance(outcome, Refusal | Done):
        await reply_privately(interaction, outcome.text)
    elif isinstance(outcome, SongsOffered):
        challenge = outcome.challenge
        text = words(PICK_SONG, theme=one_line(challenge.theme, 200))
        await interaction.response.send_message(
            text, view=stopped(SongMenu(challenge.id, outcome.songs, words)), ephemeral=True,
            allowed_mentions=NO_PINGS,
        )  # fmt: skip
    elif isinstance(outcome, EntryFormAsked):
        await interaction.response.send_modal(
            make_modal(outcome.challenge_id, outcome.theme, words)
        )
    elif isinstance(outcome, Overview):
        await reply_privately(interaction, embeds=[overview_embed(outcome, words)])
    else:
        await reply_privately(interaction, embeds=[leaderboard_embed(outcome, words)])
