"""The challenge's buttons, menu and form as Discord items that outlive the process: each
custom id holds the action and the challenge's (or entry's) database id, and each is
registered at start, so every announcement and entry keeps working after a restart. A click
is handed to the :class:`ChallengeHandler` the bot exposes as ``challenges``."""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import discord

from bot.core.components import ID, FromMatch, button, choice_of, stopped
from bot.core.i18n import ENGLISH, Words
from bot.core.modal_values import modal_values, text
from bot.core.replies import apologising
from bot.features.songs import lyrics_button
from bot.store.challenges import Entry, FinishedSong

MAKE_ID = re.compile(f"songbot:challenge-make:(?P<id>{ID})\\Z")
PROMPT, LYRICS = "prompt", "lyrics"


class Action(enum.StrEnum):
    ENTER = "enter"
    MAKE = "make"
    END = "end"  # moderators: the running phase ends now


_LOOK: dict[Action, tuple[str, str, discord.ButtonStyle]] = {
    Action.ENTER: ("🎟️", "Enter", discord.ButtonStyle.primary),
    Action.MAKE: ("🎵", "Make an entry", discord.ButtonStyle.success),
    Action.END: ("⏭️", "End this phase now", discord.ButtonStyle.secondary),
}


class ChallengeHandler(Protocol):
    async def pressed(
        self, interaction: discord.Interaction, action: Action, challenge_id: int
    ) -> None: ...

    async def picked(
        self, interaction: discord.Interaction, challenge_id: int, values: list[str]
    ) -> None: ...

    async def vote(self, interaction: discord.Interaction, entry_id: int) -> None: ...


@runtime_checkable
class HasChallenges(Protocol):
    @property
    def challenges(self) -> ChallengeHandler: ...


def _handler(interaction: discord.Interaction) -> ChallengeHandler:
    client = interaction.client
    if not isinstance(client, HasChallenges):  # pragma: no cover - registered by SongBot only
        raise TypeError("the challenge controls need a bot with `challenges`")
    return client.challenges


class ChallengeButton(
    FromMatch,
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=re.compile(f"songbot:challenge:(?P<action>{choice_of(Action)}):(?P<id>{ID})\\Z"),
):
    def __init__(self, action: Action, challenge_id: int, words: Words = ENGLISH) -> None:
        custom_id = f"songbot:challenge:{action}:{challenge_id}"
        super().__init__(button(_LOOK[action], custom_id, words))
        self.action, self.challenge_id = action, challenge_id

    @classmethod
    def from_match(cls, match: re.Match[str]) -> ChallengeButton:
        return cls(Action(match["action"]), int(match["id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        async with apologising(interaction, f"the challenge's {self.action} button"):
            await _handler(interaction).pressed(interaction, self.action, self.challenge_id)


class VoteButton(
    FromMatch,
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=re.compile(f"songbot:challenge-vote:(?P<id>{ID})\\Z"),
):
    def __init__(self, entry_id: int, words: Words = ENGLISH) -> None:
        look = ("🗳️", "Vote", discord.ButtonStyle.primary)
        super().__init__(button(look, f"songbot:challenge-vote:{entry_id}", words))
        self.entry_id = entry_id

    @classmethod
    def from_match(cls, match: re.Match[str]) -> VoteButton:
        return cls(int(match["id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        async with apologising(interaction, "a vote in a challenge"):
            await _handler(interaction).vote(interaction, self.entry_id)


class SongMenu(
    FromMatch,
    discord.ui.DynamicItem[discord.ui.Select[Any]],
    template=re.compile(f"songbot:challenge-pick:(?P<id>{ID})\\Z"),
):
    """Enter: which of the member's finished songs enters."""

    def __init__(
        self, challenge_id: int, songs: Sequence[FinishedSong] = (), words: Words = ENGLISH
    ) -> None:
        options = [
            discord.SelectOption(
                label=" ".join((s.song_name or words("Untitled")).split())[:100],
                value=str(s.generation_id),
            )
            for s in songs[:25]
        ] or [discord.SelectOption(label=words("(no songs)"), value="0")]
        super().__init__(
            discord.ui.Select(
                custom_id=f"songbot:challenge-pick:{challenge_id}",
                placeholder=words("Pick your entry…"),
                options=options,
            )
        )
        self.challenge_id = challenge_id

    @classmethod
    def from_match(cls, match: re.Match[str]) -> SongMenu:
        return cls(int(match["id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        values = [str(v) for v in self.item.values]
        async with apologising(interaction, "picking a challenge entry"):
            await _handler(interaction).picked(interaction, self.challenge_id, values)


DYNAMIC_ITEMS = (ChallengeButton, VoteButton, SongMenu)


def announcement_view(challenge_id: int, state: str, words: Words = ENGLISH) -> discord.ui.View:
    actions = {"entries": (Action.ENTER, Action.MAKE, Action.END), "voting": (Action.END,)}
    return stopped([ChallengeButton(a, challenge_id, words) for a in actions.get(state, ())])


def entry_view(entry: Entry, words: Words = ENGLISH, *, voting: bool) -> discord.ui.View:
    """An entry's buttons: its song's Lyrics (the songs' own button), and Vote while the vote
    is open and the entry is in the running."""
    vote = [VoteButton(entry.id, words)] if voting and entry.disqualified is None else []
    return stopped([*vote, lyrics_button(entry.generation_id, words)])


@dataclass(frozen=True, slots=True)
class MakeForm:
    challenge_id: int
    prompt: str
    lyrics: str


def make_modal(challenge_id: int, theme: str, words: Words = ENGLISH) -> discord.ui.Modal:
    """The song form for an entry, its prompt pre-filled with the theme."""
    modal = discord.ui.Modal(
        title=words("Make an entry")[:45], custom_id=f"songbot:challenge-make:{challenge_id}"
    )
    for custom_id, label, description, value, limit, required in (
        (PROMPT, "Prompt", "What the song is about: style, mood, story", theme, 1024, True),
        (LYRICS, "Lyrics", "Leave empty and Soundverse writes them", "", 4000, False),
    ):
        field = discord.ui.TextInput[Any](
            custom_id=custom_id, style=discord.TextStyle.paragraph, required=required,
            max_length=limit, default=value[:limit] or None,
        )  # fmt: skip
        modal.add_item(
            discord.ui.Label(text=words(label), description=words(description), component=field)
        )
    modal.stop()
    return modal


def submitted(data: Mapping[str, Any]) -> MakeForm | None:
    match = MAKE_ID.match(str(data.get("custom_id", "")))
    if match is None:
        return None
    values = modal_values(data)
    return MakeForm(int(match["id"]), text(values, PROMPT).strip(), text(values, LYRICS).strip())
