"""Who asked for what: the facts about a song that every one of its screens shows. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.i18n import ENGLISH, Words
from bot.features.songs.results.row import Lineage


@dataclass(frozen=True, slots=True)
class SongCard:
    """Who asked for what: shown on every screen of the job."""

    requester: str
    prompt: str | None
    lyrics_source: str = "generated"  # "generated", "typed" or "written in the form"
    song_id: int | None = None  # its usage row: the buttons under the finished song name it
    lineage: Lineage | None = None  # what it regenerates or remixes
    credits: str | None = None  # who wrote the lyrics, and where (already escaped Markdown)
    words: Words = ENGLISH  # the server's language: everyone in the channel reads the message
    gallery: str | None = None  # the server's web gallery while it is on: the song links there
