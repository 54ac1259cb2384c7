"""The one home of the bot's restart-proof components, shared by the songs and the sessions.

A component that must work on a message posted before a restart is a
:class:`discord.ui.DynamicItem` whose custom id carries everything a click needs (the action
and a database id, ``songbot:regenerate:42``); the bot registers the item classes at start and
discord.py rebuilds an item from the custom id of each click with
``from_custom_id(interaction, item, match)``. Ours need only the match: :class:`FromMatch`
goes first among an item's bases and asks it for ``from_match``.

The views they are sent in are *stopped* before they are sent (:func:`stopped`), so discord.py
keeps no copy of each message's view in memory: the registered items answer the clicks.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence
from typing import Any, Self

import discord

from bot.core.i18n import ENGLISH, Words

ID = "[0-9]{1,19}"  # a database id in a custom id (a 64-bit integer)

# A button's emoji, English label and colour (a style, or its name: "primary", "danger"…).
Look = tuple[str | None, str, discord.ButtonStyle | str]


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


def choice_of(words: Iterable[enum.StrEnum]) -> str:
    """A custom id template's alternatives, one for each word of ``words``."""
    return "|".join(re.escape(word) for word in words)


def button(look: Look, custom_id: str, words: Words = ENGLISH) -> discord.ui.Button[Any]:
    """A button from its (emoji, English label, style) and custom id, labelled in ``words``
    (a click is routed by the custom id alone, so the label's language can be any)."""
    emoji, label, style = look
    if isinstance(style, str):
        style = discord.ButtonStyle[style]
    return discord.ui.Button(label=words(label), emoji=emoji, style=style, custom_id=custom_id)


def stopped(*rows: Sequence[discord.ui.Item[Any]]) -> discord.ui.View:
    """A view of these rows to send; stopped, so discord.py keeps no copy (the registered
    dynamic items answer the clicks)."""
    view = discord.ui.View(timeout=None)
    for number, row in enumerate(rows):
        for item in row:
            item.row = number
            view.add_item(item)
    view.stop()
    return view
