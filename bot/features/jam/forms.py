"""The session's forms: Add lines (which section, then one to a few lines) and Make the song
(the style and the lyrics, to confirm or edit). Like the Remix form they are stopped before
they are sent and read back from the raw submit, so they work across a restart."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import discord

from bot.core.modal_values import first, modal_values, text
from bot.features.jam import sections
from bot.features.jam.rules import MAX_LINES_AT_ONCE

ADD_ID = re.compile(r"songbot:jam-add:(?P<id>[0-9]{1,19})\Z")
MAKE_ID = re.compile(r"songbot:jam-make:(?P<id>[0-9]{1,19})\Z")
SECTION, LINES, STYLE, LYRICS = "section", "lines", "style", "lyrics"
MAX_TEXT_INPUT = 4000
MAX_STYLE = 1024  # the API's prompt limit


@dataclass(frozen=True, slots=True)
class AddForm:
    session_id: int
    section: str | None
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MakeForm:
    session_id: int
    style: str
    lyrics: str


def add_modal(
    session_id: int, title: str, used: set[str], last: str | None, line_chars: int
) -> discord.ui.Modal:
    modal = discord.ui.Modal(
        title=f"Add lines: {title}"[:45], custom_id=f"songbot:jam-add:{session_id}"
    )
    default = last if last is not None else "verse-1"
    options = [
        discord.SelectOption(label=sections.label(key), value=key, default=key == default)
        for key in sections.choices(used)
    ]
    modal.add_item(
        discord.ui.Label(
            text="Section",
            description="Where your lines go",
            component=discord.ui.Select(custom_id=SECTION, options=options, required=True),
        )
    )
    field = discord.ui.TextInput[Any](
        custom_id=LINES,
        style=discord.TextStyle.paragraph,
        required=True,
        max_length=min(MAX_TEXT_INPUT, MAX_LINES_AT_ONCE * (line_chars + 1)),
    )
    modal.add_item(
        discord.ui.Label(
            text="Your lines",
            description=f"One to {MAX_LINES_AT_ONCE}, one per line",
            component=field,
        )
    )
    modal.stop()
    return modal


def make_modal(session_id: int, title: str, style: str, lyrics: str) -> discord.ui.Modal:
    modal = discord.ui.Modal(
        title=f"Make the song: {title}"[:45], custom_id=f"songbot:jam-make:{session_id}"
    )
    for custom_id, label, description, value, limit in (
        (STYLE, "Style", "The prompt: style, mood, story", style, MAX_STYLE),
        (LYRICS, "Lyrics", "The sheet, in order; edit if you like", lyrics, MAX_TEXT_INPUT),
    ):
        field = discord.ui.TextInput[Any](
            custom_id=custom_id,
            style=discord.TextStyle.paragraph,
            required=False,
            max_length=limit,
            default=value[:limit],
        )
        modal.add_item(discord.ui.Label(text=label, description=description, component=field))
    modal.stop()
    return modal


def submitted(data: Mapping[str, Any]) -> AddForm | MakeForm | None:
    custom_id = str(data.get("custom_id", ""))
    values = modal_values(data)
    if match := ADD_ID.match(custom_id):
        lines = tuple(line.strip() for line in text(values, LINES).splitlines() if line.strip())
        return AddForm(int(match["id"]), first(values, SECTION), lines)
    if match := MAKE_ID.match(custom_id):
        return MakeForm(int(match["id"]), text(values, STYLE).strip(), text(values, LYRICS).strip())
    return None
