"""A party's controls as Discord items that outlive the process: each custom id holds the
control and the party's database id (``songbot:party:skip:7``), and they are registered at
start, so a now-playing message keeps answering after a restart (a party that ended says
so). The Queue form's submit is read from its custom id (``songbot:party-add:7``). A click
is handed to the :class:`PartyHandler` the bot exposes as ``parties``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import discord

from bot.core.components import ID, FromMatch, Look, button, choice_of, stopped
from bot.core.i18n import ENGLISH, Words
from bot.core.modal_values import modal_values, text
from bot.core.replies import apologising
from bot.features.parties.outcomes import Control
from bot.features.parties.plans import Party

ADD_ID = re.compile(f"songbot:party-add:(?P<id>{ID})\\Z")
SONG, VERSION = "song", "version"

_LOOK: dict[Control, Look] = {
    Control.PAUSE: ("⏸️", "Pause", "secondary"),
    Control.SKIP: ("⏭️", "Skip", "secondary"),
    Control.STOP: ("⏹️", "Stop", "danger"),
    Control.QUEUE: ("🎶", "Queue", "primary"),
    Control.AGAIN: ("🎧", "Listen again", "success"),
}
_RESUME: Look = ("▶️", "Resume", "success")


class PartyHandler(Protocol):
    async def pressed(
        self, interaction: discord.Interaction, control: Control, party_id: int
    ) -> None: ...


@runtime_checkable
class HasParties(Protocol):
    @property
    def parties(self) -> PartyHandler: ...


def _handler(interaction: discord.Interaction) -> PartyHandler:
    client = interaction.client
    if not isinstance(client, HasParties):  # pragma: no cover - registered by SongBot only
        raise TypeError("the party controls need a bot with `parties`")
    return client.parties


class PartyButton(
    FromMatch,
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=re.compile(f"songbot:party:(?P<control>{choice_of(Control)}):(?P<id>{ID})\\Z"),
):
    def __init__(
        self, control: Control, party_id: int, words: Words = ENGLISH, *, paused: bool = False
    ) -> None:
        look = _RESUME if control is Control.PAUSE and paused else _LOOK[control]
        super().__init__(button(look, f"songbot:party:{control}:{party_id}", words))
        self.control, self.party_id = control, party_id

    @classmethod
    def from_match(cls, match: re.Match[str]) -> PartyButton:
        return cls(Control(match["control"]), int(match["id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        async with apologising(interaction, f"a party's {self.control} button"):
            await _handler(interaction).pressed(interaction, self.control, self.party_id)


DYNAMIC_ITEMS = (PartyButton,)
PLAYING = (Control.PAUSE, Control.SKIP, Control.STOP, Control.QUEUE)


def party_view(party: Party, words: Words = ENGLISH) -> discord.ui.View:
    """The controls of a playing party; none once it ended."""
    if party.ended:
        return stopped()
    return stopped([PartyButton(c, party.id, words, paused=party.paused) for c in PLAYING])


def again_view(party_id: int, words: Words = ENGLISH) -> discord.ui.View:
    """Under a party a restart ended: Listen again."""
    return stopped([PartyButton(Control.AGAIN, party_id, words)])


@dataclass(frozen=True, slots=True)
class AddForm:
    party_id: int
    song: str
    version: int


def add_modal(party_id: int, words: Words = ENGLISH) -> discord.ui.Modal:
    """The Queue form: a song by name or job id, and its version."""
    modal = discord.ui.Modal(
        title=words("Add a song")[:45], custom_id=f"songbot:party-add:{party_id}"
    )
    for custom_id, label, description, limit, default in (
        (SONG, "Song", "Its name, or its job id", 200, None),
        (VERSION, "Version", "1 or 2", 1, "1"),
    ):
        field = discord.ui.TextInput[Any](
            custom_id=custom_id, style=discord.TextStyle.short, required=True,
            max_length=limit, default=default,
        )  # fmt: skip
        modal.add_item(
            discord.ui.Label(text=words(label), description=words(description), component=field)
        )
    modal.stop()
    return modal


def submitted(data: Mapping[str, Any]) -> AddForm | None:
    match = ADD_ID.match(str(data.get("custom_id", "")))
    if match is None:
        return None
    values = modal_values(data)
    version = text(values, VERSION).strip()
    number = int(version) if version in {"1", "2"} else 0  # the use case refuses another
    return AddForm(int(match["id"]), text(values, SONG).strip(), number)
