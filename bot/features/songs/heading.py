"""The top of every screen of a song: its name, the prompt, who asked for it, where its lyrics
and its lineage come from, and the job id. Pure."""

from __future__ import annotations

import discord

from bot.core.embeds import AUTHOR, FOOTER, TITLE
from bot.core.formatting import collapsed, cut, fit, link, one_line
from bot.core.i18n import ENGLISH, Words
from bot.features.songs.card import SongCard
from bot.features.songs.results.row import Lineage
from bot.soundverse import JobState
from bot.store.records import Origin

MAX_PROMPT_SHOWN = 300


def song_embed(
    state: JobState, card: SongCard, colour: discord.Colour, untitled: str = "Making your song…"
) -> discord.Embed:
    """The top of every screen of a song; ``untitled`` (English, translated here) until the
    song has a name."""
    words = card.words
    title = one_line(state.song_name, TITLE) if state.song_name else words(untitled)
    prompt = fit(card.prompt, MAX_PROMPT_SHOWN) if card.prompt else words("*(from audio only)*")
    embed = discord.Embed(title=title, description=f"> {prompt}", colour=colour)
    requester = collapsed(card.requester)
    embed.set_author(name=cut(words("Requested by {member}", member=requester), AUTHOR))
    if card.lyrics_source != "generated":
        source = _LYRICS_SOURCES.get(card.lyrics_source)
        said = words(source) if source else words("Lyrics {source}.", source=card.lyrics_source)
        embed.description = f"{embed.description}\n*{said}*"
    if card.lineage is not None:
        embed.description = f"{embed.description}\n{lineage_line(card.lineage, words)}"
    if card.credits:
        embed.description = f"{embed.description}\n✍️ {cut(card.credits, 1000)}"
    if state.job_id:
        embed.set_footer(text=cut(words("Job {job_id}", job_id=state.job_id), FOOTER))
    return embed


_LYRICS_SOURCES = {
    "typed": "Lyrics typed.",
    "written in the form": "Lyrics written in the form.",
    "written in a session": "Lyrics written in a session.",
}


def lineage_line(lineage: Lineage, words: Words = ENGLISH) -> str:
    """ "🔁 Regenerated from [Name](link)", "🎛️ Remix of version 2 of [Name](link)"."""
    name = collapsed(lineage.name, 100) if lineage.name else words("an earlier song")
    earlier = link(name, lineage.url)
    if lineage.origin is Origin.REMIX and lineage.version:
        return words(
            "🎛️ Remix of version {version} of {song}", version=lineage.version, song=earlier
        )
    if lineage.origin is Origin.REMIX:
        return words("🎛️ Remix of {song}", song=earlier)
    return words("🔁 Regenerated from {song}", song=earlier)
