"""An interaction's own message (its "original response"), edited as discord.py 2.7 does it,
step for step, except that Discord's answer is not made into a
:class:`discord.InteractionMessage`: a song's message is edited six times, only the answer's
message id is ever read, and building the message from Discord's full answer was about a fifth
of the CPU of each edit on the bot's side. (The first answer, the interaction's callback, goes
through discord.py's own method: doing the same there would mean writing its private state.)

The request goes through discord.py's own webhook adapter, so rate limits, retries and errors
(``NotFound``, ``Forbidden``, ``HTTPException``) are exactly as before. What discord.py would
do with the message besides building it is to keep a view that still listens for clicks; ours
are stopped before they are sent (:mod:`bot.core.components`), and one that is not goes the
whole way through discord.py, as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import discord
from discord.http import handle_message_parameters
from discord.utils import MISSING
from discord.webhook.async_ import async_context


def _listening(view: discord.ui.View) -> bool:
    """Whether discord.py would keep ``view`` to dispatch its clicks."""
    return view is not MISSING and not view.is_finished()


def _transport(interaction: discord.Interaction) -> dict[str, Any]:
    """How discord.py's own methods send an interaction's requests: through the session and
    the proxy of its client (read from the interaction's private names, as they read them)."""
    http = interaction._state.http
    return {"session": interaction._session, "proxy": http.proxy, "proxy_auth": http.proxy_auth}


async def edit_original(
    interaction: discord.Interaction,
    *,
    embeds: Sequence[discord.Embed],
    view: discord.ui.View,
    allowed_mentions: discord.AllowedMentions,
    content: str | None = MISSING,
    attachments: Sequence[discord.File] = MISSING,
) -> int:
    """:meth:`discord.Interaction.edit_original_response`; the message's id."""
    if _listening(view):
        message = await interaction.edit_original_response(
            content=content,
            embeds=embeds,
            attachments=attachments,
            view=view,
            allowed_mentions=allowed_mentions,
        )
        return message.id
    with handle_message_parameters(
        content=content,
        attachments=attachments,
        embeds=embeds,
        view=view,
        allowed_mentions=allowed_mentions,
        previous_allowed_mentions=interaction._state.allowed_mentions,
    ) as params:
        data = await async_context.get().edit_original_interaction_response(
            interaction.application_id,
            interaction.token,
            **_transport(interaction),
            payload=params.payload,
            multipart=params.multipart,
            files=params.files,
        )
    return int(data["id"])
