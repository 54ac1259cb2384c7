"""The buttons under a song, as Discord items that outlive the process: each is a
:class:`discord.ui.DynamicItem` whose custom id holds the action and the song's database id
(``songbot:regenerate:42``), so a click on a message posted before a restart still reaches
the bot. They carry no state of their own: a click is handed to the :class:`ClickHandler`
the bot exposes as ``results``."""

from __future__ import annotations

import re
from typing import Any, Protocol, runtime_checkable

import discord

from bot.core.components import ID, FromMatch, button, choice_of, stopped
from bot.core.i18n import ENGLISH, Words
from bot.core.replies import apologising
from bot.features.songs.results.row import Action, ButtonRow
from bot.features.songs.results.table import BUTTONS

BUTTONS_PER_ROW = 5  # Discord's most in one action row
CUSTOM_ID = re.compile(f"songbot:(?P<action>{choice_of(Action)}):(?P<song>{ID})\\Z")


class ClickHandler(Protocol):
    async def clicked(self, interaction: discord.Interaction, action: Action, song_id: int) -> None:
        """Answer a click on ``action`` under the song ``song_id``."""


@runtime_checkable
class HasResults(Protocol):
    """The bot, as the buttons see it."""

    @property
    def results(self) -> ClickHandler: ...


def custom_id(action: Action, song_id: int) -> str:
    return f"songbot:{action}:{song_id}"


class SongButton(FromMatch, discord.ui.DynamicItem[discord.ui.Button[Any]], template=CUSTOM_ID):
    def __init__(self, action: Action, song_id: int, words: Words = ENGLISH) -> None:
        super().__init__(button(BUTTONS[action].look, custom_id(action, song_id), words))
        self.action = action
        self.song_id = song_id

    @classmethod
    def from_match(cls, match: re.Match[str]) -> SongButton:
        return cls(Action(match["action"]), int(match["song"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        client = interaction.client
        if not isinstance(client, HasResults):  # pragma: no cover - registered by SongBot only
            raise TypeError("the song buttons need a bot with `results`")
        async with apologising(interaction, f"the {self.action} button"):
            await client.results.clicked(interaction, self.action, self.song_id)


def lyrics_button(song_id: int, words: Words = ENGLISH) -> SongButton:
    """The song's Lyrics button on another feature's message: the same custom id as under the
    song, so the same handler answers it, after a restart too."""
    return SongButton(Action.LYRICS, song_id, words)


def view_for(row: ButtonRow | None) -> discord.ui.View:
    """A view holding the row's buttons, to send with a message; without a row, the
    "unchanged" marker (an edit then leaves the message's buttons as they are).

    It is stopped before it is sent (see :mod:`bot.core.components`): clicks reach
    :class:`SongButton` through the dynamic items the bot registers.
    """
    if row is None:
        unchanged: discord.ui.View = discord.utils.MISSING
        return unchanged
    buttons = [SongButton(action, row.song_id, row.words) for action in row.actions]
    rows = [
        buttons[first : first + BUTTONS_PER_ROW]
        for first in range(0, len(buttons), BUTTONS_PER_ROW)
    ]
    return stopped(*rows)
