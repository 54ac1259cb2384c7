"""The session's buttons and menus as Discord items that outlive the process: each custom
id holds the action and the session's (or line's) database id, and each is registered at
start, so every control of every open session works after a restart. A click is handed to
the :class:`JamHandler` the bot exposes as ``jam``."""

from __future__ import annotations

import re
from typing import Any, Protocol, runtime_checkable

import discord

from bot.core.components import ID, FromMatch, button, choice_of, stopped
from bot.core.i18n import ENGLISH, Words
from bot.core.replies import apologising
from bot.features.jam import sections
from bot.features.jam.actions import JamAction, LineVote, Tool
from bot.features.jam.outcomes import Panel
from bot.store.jams import JamLine

_LOOK: dict[JamAction, tuple[str, str, discord.ButtonStyle]] = {
    JamAction.ADD: ("✍️", "Add lines", discord.ButtonStyle.primary),
    JamAction.UNDO: ("↩️", "Undo", discord.ButtonStyle.secondary),
    JamAction.JOIN: ("🙋", "Join", discord.ButtonStyle.secondary),
    JamAction.LEAVE: ("👋", "Leave", discord.ButtonStyle.secondary),
    JamAction.EXPORT: ("📄", "Export", discord.ButtonStyle.secondary),
    JamAction.TOOLS: ("🛠️", "Host tools", discord.ButtonStyle.secondary),
    JamAction.MAKE: ("🎵", "Make the song", discord.ButtonStyle.success),
    JamAction.LOCK: ("🔒", "Lock", discord.ButtonStyle.secondary),
    JamAction.UNLOCK: ("🔓", "Unlock", discord.ButtonStyle.secondary),
    JamAction.REVEAL: ("👀", "Reveal the sheet", discord.ButtonStyle.secondary),
    JamAction.END: ("⏹️", "End the session", discord.ButtonStyle.danger),
}


class JamHandler(Protocol):
    """The session feature, as its controls see it (the front end the bot exposes as
    ``jam``)."""

    async def pressed(
        self, interaction: discord.Interaction, action: JamAction, session_id: int
    ) -> None:
        """A button on a session's sheet or tools."""

    async def vote(self, interaction: discord.Interaction, vote: LineVote, line_id: int) -> None:
        """A vote on a suggested line."""

    async def chose(
        self, interaction: discord.Interaction, tool: Tool, session_id: int, values: list[str]
    ) -> None:
        """A line picked in one of the host's menus."""

    async def moved(self, interaction: discord.Interaction, line_id: int, section: str) -> None:
        """Where the host moves a line."""

    async def handed_over(
        self, interaction: discord.Interaction, session_id: int, user: discord.abc.User
    ) -> None:
        """Who hosts the session now."""


@runtime_checkable
class HasJam(Protocol):
    @property
    def jam(self) -> JamHandler: ...


def _handler(interaction: discord.Interaction) -> JamHandler:
    client = interaction.client
    if not isinstance(client, HasJam):  # pragma: no cover - registered by SongBot only
        raise TypeError("the session controls need a bot with `jam`")
    return client.jam


class JamButton(
    FromMatch,
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=re.compile(f"songbot:jam:(?P<action>{choice_of(JamAction)}):(?P<id>{ID})\\Z"),
):
    def __init__(self, action: JamAction, session_id: int, words: Words = ENGLISH) -> None:
        super().__init__(button(_LOOK[action], f"songbot:jam:{action}:{session_id}", words))
        self.action, self.session_id = action, session_id

    @classmethod
    def from_match(cls, match: re.Match[str]) -> JamButton:
        return cls(JamAction(match["action"]), int(match["id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        async with apologising(interaction, f"the session's {self.action} button"):
            await _handler(interaction).pressed(interaction, self.action, self.session_id)


class VoteButton(
    FromMatch,
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=re.compile(f"songbot:jam-line:(?P<vote>{choice_of(LineVote)}):(?P<id>{ID})\\Z"),
):
    def __init__(self, vote: LineVote, line_id: int, words: Words = ENGLISH) -> None:
        label, style = (
            ("👍 Approve", discord.ButtonStyle.success)
            if vote is LineVote.YES
            else ("👎 Reject", discord.ButtonStyle.secondary)
        )
        super().__init__(
            discord.ui.Button(
                label=words(label), style=style, custom_id=f"songbot:jam-line:{vote}:{line_id}"
            )
        )
        self.vote, self.line_id = vote, line_id

    @classmethod
    def from_match(cls, match: re.Match[str]) -> VoteButton:
        return cls(LineVote(match["vote"]), int(match["id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        async with apologising(interaction, "a vote on a suggested line"):
            await _handler(interaction).vote(interaction, self.vote, self.line_id)


class LineMenu(
    FromMatch,
    discord.ui.DynamicItem[discord.ui.Select[Any]],
    template=re.compile(f"songbot:jam-tool:(?P<tool>remove|move):(?P<id>{ID})\\Z"),
):
    """A select of the sheet's lines: remove one, or pick one to move."""

    def __init__(
        self,
        tool: Tool,
        session_id: int,
        lines: list[JamLine] | None = None,
        words: Words = ENGLISH,
    ) -> None:
        # The words only label what is sent; a click is routed by the custom id alone.
        placeholder = words(
            "Remove a line…" if tool is Tool.REMOVE else "Move a line to another section…"
        )
        options = [
            discord.SelectOption(
                label=f"{sections.label(line.section)}: {' '.join(line.text.split())}"[:100],
                value=str(line.id),
            )
            for line in (lines or [])[-25:]
        ] or [discord.SelectOption(label=words("(no lines yet)"), value="0")]
        super().__init__(
            discord.ui.Select(
                custom_id=f"songbot:jam-tool:{tool}:{session_id}",
                placeholder=placeholder,
                options=options,
            )
        )
        self.tool, self.session_id = tool, session_id

    @classmethod
    def from_match(cls, match: re.Match[str]) -> LineMenu:
        return cls(Tool(match["tool"]), int(match["id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        values = [str(value) for value in self.item.values]
        async with apologising(interaction, f"the session's {self.tool} menu"):
            await _handler(interaction).chose(interaction, self.tool, self.session_id, values)


class SectionMenu(
    FromMatch,
    discord.ui.DynamicItem[discord.ui.Select[Any]],
    template=re.compile(f"songbot:jam-move:(?P<id>{ID})\\Z"),
):
    """Where a line is moved to."""

    def __init__(
        self, line_id: int, choices: list[str] | None = None, words: Words = ENGLISH
    ) -> None:
        options = [
            discord.SelectOption(label=sections.label(key), value=key)
            for key in choices or ["chorus"]
        ]
        super().__init__(
            discord.ui.Select(
                custom_id=f"songbot:jam-move:{line_id}",
                placeholder=words("Move it to…"),
                options=options,
            )
        )
        self.line_id = line_id

    @classmethod
    def from_match(cls, match: re.Match[str]) -> SectionMenu:
        return cls(int(match["id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        values = self.item.values
        async with apologising(interaction, "moving a line"):
            await _handler(interaction).moved(
                interaction, self.line_id, values[0] if values else ""
            )


class HostMenu(
    FromMatch,
    discord.ui.DynamicItem[discord.ui.UserSelect[Any]],
    template=re.compile(f"songbot:jam-tool:handover:(?P<id>{ID})\\Z"),
):
    def __init__(self, session_id: int, words: Words = ENGLISH) -> None:
        super().__init__(
            discord.ui.UserSelect(
                custom_id=f"songbot:jam-tool:handover:{session_id}",
                placeholder=words("Hand the host role to…"),
            )
        )
        self.session_id = session_id

    @classmethod
    def from_match(cls, match: re.Match[str]) -> HostMenu:
        return cls(int(match["id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        chosen = self.item.values
        async with apologising(interaction, "handing the host role over"):
            if chosen:
                await _handler(interaction).handed_over(interaction, self.session_id, chosen[0])


DYNAMIC_ITEMS = (JamButton, VoteButton, LineMenu, SectionMenu, HostMenu)


def button_rows(
    session_id: int, rows: tuple[tuple[JamAction, ...], ...], words: Words = ENGLISH
) -> discord.ui.View:
    return stopped(*([JamButton(action, session_id, words) for action in row] for row in rows))


def vote_row(line_id: int, words: Words = ENGLISH) -> discord.ui.View:
    return stopped(
        [VoteButton(LineVote.YES, line_id, words), VoteButton(LineVote.NO, line_id, words)]
    )


def tools_view(panel: Panel, words: Words = ENGLISH) -> discord.ui.View:
    """The host's private panel, in the host's words."""
    session_id, lines = panel.session_id, list(panel.lines)
    buttons = [JamButton(JamAction.UNLOCK if panel.locked else JamAction.LOCK, session_id, words)]
    if panel.can_reveal:
        buttons.append(JamButton(JamAction.REVEAL, session_id, words))
    buttons.append(JamButton(JamAction.END, session_id, words))
    return stopped(
        [LineMenu(Tool.REMOVE, session_id, lines, words)],
        [LineMenu(Tool.MOVE, session_id, lines, words)],
        [HostMenu(session_id, words)],
        buttons,
    )
