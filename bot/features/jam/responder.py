"""Sessions on Discord, the replies: each use case's outcome (:mod:`.outcomes`) turned into
its answer: a private sentence (in the member's words), a form, the host's panel, a vote's
count, the export."""

from __future__ import annotations

import io

import discord

from bot.core.acting import Done, Refusal
from bot.core.components import stopped
from bot.core.i18n import members_words, say
from bot.core.replies import NO_PINGS, reply_privately
from bot.features.jam.controls import SectionMenu, tools_view, vote_row
from bot.features.jam.forms import add_modal, make_modal
from bot.features.jam.outcomes import (
    AddAsked,
    Exported,
    HostChanged,
    MakeAsked,
    MoveAsked,
    Reply,
    ToolsShown,
)


async def respond(interaction: discord.Interaction, outcome: Reply) -> None:
    """The answer to this interaction; then what the session's thread hears after it."""
    await _answer(interaction, outcome)
    then = getattr(outcome, "then", None)
    if then is not None:
        await then()


async def _answer(interaction: discord.Interaction, outcome: Reply) -> None:
    response = interaction.response
    if isinstance(outcome, Refusal | Done):
        await reply_privately(interaction, outcome.text)
    elif isinstance(outcome, AddAsked):
        await response.send_modal(
            add_modal(
                outcome.session_id,
                outcome.title,
                set(outcome.used),
                outcome.last,
                outcome.line_chars,
            )
        )
    elif isinstance(outcome, MakeAsked):
        await response.send_modal(
            make_modal(outcome.session_id, outcome.title, outcome.style, outcome.lyrics)
        )
    elif isinstance(outcome, ToolsShown):
        words = members_words(interaction)
        text, view = say(words, outcome.text), tools_view(outcome.panel, words)
        if outcome.edit:
            await response.edit_message(content=text, view=view)
        else:
            await response.send_message(text, view=view, ephemeral=True, allowed_mentions=NO_PINGS)
    elif isinstance(outcome, MoveAsked):
        words = members_words(interaction)
        menu = SectionMenu(outcome.line_id, list(outcome.sections), words)
        await response.edit_message(content=say(words, outcome.text), view=stopped([menu]))
    elif isinstance(outcome, HostChanged):
        await response.edit_message(content=outcome.text, view=None)
    elif isinstance(outcome, Exported):
        file = discord.File(io.BytesIO(outcome.content.encode()), outcome.filename)
        await response.send_message(
            say(members_words(interaction), outcome.text),
            file=file,
            ephemeral=True,
            allowed_mentions=NO_PINGS,
        )
    else:
        votes = None if outcome.decided else vote_row(outcome.line_id, outcome.words)
        await response.edit_message(content=outcome.text, view=votes, allowed_mentions=NO_PINGS)
