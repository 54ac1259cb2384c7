"""A progress screen before it is drawn: the facts it shows, taken at each event.

A song's events come faster than its message may be edited, and the pacer sends only the
newest state, so most progress screens are never sent. Taking the facts is cheap, and two
takes compare equal exactly when their screens would look the same (the pacer's key, to skip
an identical edit); the screen is drawn only when it is sent. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.features.songs.card import SongCard
from bot.features.songs.render import Screen, progress_screen
from bot.soundverse import JobState
from bot.soundverse.job import VersionState


@dataclass(frozen=True, slots=True)
class Progress:
    """What :func:`~bot.features.songs.render.progress_screen` draws, as plain values."""

    state: JobState  # a copy of what the screen shows of the job, frozen in time
    card: SongCard
    notice: str | None = None  # already in the card's words

    @classmethod
    def of(cls, state: JobState, card: SongCard, notice: str | None = None) -> Progress:
        """The facts now: the job goes on changing ``state`` after this."""
        versions = {
            number: VersionState(
                number, v.stage, stream_url=v.stream_url, duration=v.duration, bpm=v.bpm
            )
            for number, v in state.versions.items()
        }  # only what a progress screen shows (no lyrics, no tokens)
        shown = JobState(
            job_id=state.job_id,
            stage=state.stage,
            song_name=state.song_name,
            album_art=state.album_art,
            total_versions=state.total_versions,
            versions=versions,
            done=state.done,
        )
        return cls(shown, card, notice)

    def screen(self) -> Screen:
        return progress_screen(self.state, self.card, notice=self.notice)
