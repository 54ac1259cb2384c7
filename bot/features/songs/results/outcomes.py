"""What a press of a button under a song comes to, as plain values: the front end turns each
into its reply (:mod:`.responder` on Discord)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from bot.core.i18n import Words
from bot.features.songs.card import SongCard
from bot.features.songs.results.row import Lineage
from bot.soundverse import SongRequest
from bot.store.records import Origin
from bot.store.song_records import SongDetail


@dataclass(frozen=True, slots=True)
class StartSong:
    """A new song made from this one (Regenerate, or a submitted Remix form)."""

    request: SongRequest
    lyrics_source: str
    lineage: Lineage
    parent_id: int
    origin: Origin

    def card(self, requester: str, words: Words) -> SongCard:
        """Its card, for ``requester``, in the server's ``words``."""
        card = SongCard(requester, self.request.prompt, self.lyrics_source, lineage=self.lineage)
        return dataclasses.replace(card, words=words)


@dataclass(frozen=True, slots=True)
class OfSong:
    """An answer about one stored song (each kind below is its own outcome)."""

    song: SongDetail


class OpenRemix(OfSong):
    """The Remix form, pre-filled from the song."""


class ShowLyrics(OfSong):
    """The song's lyrics, privately; looked up at the API when they were not recorded."""


class OpenJam(OfSong):
    """A lyric session from the song's lyrics."""


@dataclass(frozen=True, slots=True)
class PlayInVoice:
    """A listening party of the song's ``version`` (``/listen song``, by the parties
    feature), in the voice channel of the member who pressed."""

    job_id: str
    version: int


@dataclass(frozen=True, slots=True)
class Named:
    """A step about one song, named (escaped) for a sentence."""

    song_id: int
    name: str


@dataclass(frozen=True, slots=True)
class AskDelete(Named):
    """ "Delete it, really?", privately, with the buttons to answer (and, while the server's
    web gallery is on, to hide it from there instead)."""

    gallery: bool = False


class DeleteNow(Named):
    """Delete every message of the song, then record it deleted."""


class Hidden(Named):
    """The song is hidden from the web gallery; its messages stay."""


@dataclass(frozen=True, slots=True)
class Kept:
    """The member answered "keep it"."""
