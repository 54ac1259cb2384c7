"""What the bot's restart-proof components share.

discord.py rebuilds a :class:`discord.ui.DynamicItem` from the custom id of each click with
``from_custom_id(interaction, item, match)``; ours carry everything in the custom id, so
they need only the match. :class:`FromMatch` goes first among an item's bases and asks it
for ``from_match``.
"""

from __future__ import annotations

import re
from typing import Any, Self

import discord

from bot.core.i18n import ENGLISH, Words


class FromMatch:
    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction,  # noqa: ARG003 - discord.py's signature
        item: discord.ui.Item[Any],  # noqa: ARG003
        match: re.Match[str],
        /,
    ) -> Self:
        return cls.from_match(match)

    @classmethod
    def from_match(cls, match: re.Match[str]) -> Self:
        raise NotImplementedError


def button(
    look: tuple[str | None, str, discord.ButtonStyle], custom_id: str, words: Words = ENGLISH
) -> discord.ui.Button[Any]:
    """A button from its (emoji, English label, style) and custom id, labelled in ``words``
    (a click is routed by the custom id alone, so the label's language can be any)."""
    emoji, label, style = look
    return discord.ui.Button(label=words(label), emoji=emoji, style=style, custom_id=custom_id)
