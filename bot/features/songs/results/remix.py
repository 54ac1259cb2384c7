"""The Remix form: a modal pre-filled from the song, and the values a member submits.

The modal is not kept by discord.py (it is stopped before it is sent): its submit is read
from the raw interaction by :func:`submitted`, so a form opened before a restart still
works after it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import discord

from bot.core.formatting import collapsed
from bot.core.modal_values import first, modal_values, text
from bot.features.songs.results.render import MAX_LYRICS_INPUT, MAX_PROMPT_INPUT, fitted_lyrics
from bot.store.song_records import SongDetail

FORM_ID = re.compile(r"songbot:remix-form:(?P<song>[0-9]{1,19})\Z")
PROMPT, LYRICS, VERSION = "prompt", "lyrics", "version"
MAX_TITLE = 45  # Discord's limit for a modal's title


@dataclass(frozen=True, slots=True)
class RemixForm:
    song_id: int
    prompt: str
    lyrics: str
    version: int | None


def remix_modal(song: SongDetail) -> discord.ui.Modal:
    record = song.record
    name = collapsed(record.song_name or "this song")
    modal = discord.ui.Modal(
        title=f"Remix {name}"[:MAX_TITLE], custom_id=f"songbot:remix-form:{record.id}"
    )
    modal.add_item(
        _text(
            "Prompt",
            "What the remix should be: style, mood, story",
            PROMPT,
            MAX_PROMPT_INPUT,
            record.prompt or "",
        )
    )
    modal.add_item(
        _text(
            "Lyrics",
            "Leave empty to have new lyrics written",
            LYRICS,
            MAX_LYRICS_INPUT,
            fitted_lyrics(song.lyrics or []),
        )
    )
    options = [
        discord.SelectOption(label=f"Version {n}", value=str(n), default=i == 0)
        for i, n in enumerate(sorted(song.audio_urls))
    ]
    modal.add_item(
        discord.ui.Label(
            text="Build on",
            description="The version whose audio guides the remix",
            component=discord.ui.Select(custom_id=VERSION, options=options, required=True),
        )
    )
    modal.stop()  # see the module's docstring
    return modal


def _text(
    label: str, description: str, custom_id: str, limit: int, default: str
) -> discord.ui.Label[Any]:
    field = discord.ui.TextInput[Any](
        custom_id=custom_id,
        style=discord.TextStyle.paragraph,
        required=False,
        max_length=limit,
        default=default[:limit],
    )
    return discord.ui.Label(text=label, description=description, component=field)


def submitted(data: Mapping[str, Any]) -> RemixForm | None:
    """The form's values from a modal submit's ``data``, or None if it is not a remix form."""
    match = FORM_ID.match(str(data.get("custom_id", "")))
    if match is None:
        return None
    values = modal_values(data)
    version = first(values, VERSION)
    return RemixForm(
        song_id=int(match["song"]),
        prompt=text(values, PROMPT),
        lyrics=text(values, LYRICS),
        version=int(version) if version is not None and version.isdigit() else None,
    )
