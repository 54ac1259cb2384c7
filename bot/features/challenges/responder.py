"""Challenges on Discord, the replies: each use case's outcome turned into its answer (a
private sentence in the member's words, the song menu, the entry form, the overview, the
leaderboard)."""

from __future__ import annotations

import discord

from bot.core.acting import Done, Refusal
from bot.core.components import stopped
from bot.core.formatting import one_line
from bot.core.i18n import members_words
from bot.core.replies import NO_PINGS, reply_privately
from bot.features.challenges.controls import SongMenu, make_modal
from bot.features.challenges.outcomes import EntryFormAsked, Overview, Reply, SongsOffered
from bot.features.challenges.render import leaderboard_embed, overview_embed
from bot.features.challenges.texts import PICK_SONG


async def answer(interaction: discord.Interaction, outcome: Reply) -> None:
    """The answer to this interaction (a ``Done``'s ``then`` is the caller's to run after)."""
    words = members_words(interaction)
    if isinstance(outcome, Refusal | Done):
        await reply_privately(interaction, outcome.text)
    elif isinstance(outcome, SongsOffered):
        challenge = outcome.challenge
        text = words(PICK_SONG, theme=one_line(challenge.theme, 200))
        await interaction.response.send_message(
            text, view=stopped([SongMenu(challenge.id, outcome.songs, words)]), ephemeral=True,
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
