"""What the Lyrics and Remix buttons show: pure functions of the stored song."""

from __future__ import annotations

import discord

from bot.core.embeds import TITLE
from bot.core.formatting import collapsed, one_line
from bot.features.songs.render import COLOR_DONE, MAX_EMBEDS, MESSAGE_EMBED_BUDGET, lyrics_embeds
from bot.features.songs.results.texts import LYRICS_IN_FILE
from bot.soundverse import LyricsSection

MAX_LYRICS_INPUT = 4000  # Discord's limit for a text input's value
MAX_PROMPT_INPUT = 1024  # the API's limit for a prompt


def song_name(name: str | None) -> str:
    """A stored song's name, escaped, for a sentence."""
    return one_line(name, 100) if name else "this song"


def lyrics_reply(
    name: str | None, sections: list[LyricsSection]
) -> tuple[list[discord.Embed], str | None]:
    """The lyrics by section as embeds, and, when they do not all fit in one message, the
    whole text for a ``.txt`` file (the embeds then show the beginning)."""
    title = one_line(f"Lyrics of {name}" if name else "Lyrics", TITLE)
    embeds = lyrics_embeds(sections, limit=len(sections) + 1)  # all of them: none cut off
    if embeds:
        embeds[0].title = title
    if sum(len(e) for e in embeds) <= MESSAGE_EMBED_BUDGET and len(embeds) <= MAX_EMBEDS:
        return embeds, None
    first = discord.Embed(title=title, description=embeds[0].description, colour=COLOR_DONE)
    first.set_footer(text=LYRICS_IN_FILE)
    return [first], lyrics_text(sections)


def lyrics_text(sections: list[LyricsSection]) -> str:
    """Plain lyrics, a ``[Label]`` line before each section: for a file and a remix form."""
    parts = []
    for section in sections:
        label = f"[{collapsed(section.label)}]\n" if section.label else ""
        parts.append(f"{label}{(section.text or '').strip()}".strip())
    return "\n\n".join(part for part in parts if part)


def fitted_lyrics(sections: list[LyricsSection]) -> str:
    """The lyrics for a text input: cut at a line break to Discord's 4,000 characters."""
    text = lyrics_text(sections)
    if len(text) <= MAX_LYRICS_INPUT:
        return text
    cut = text[:MAX_LYRICS_INPUT]
    return cut[: cut.rfind("\n")] if "\n" in cut else cut
