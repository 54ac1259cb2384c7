"""What builds a song's parts, in one place: the message it lives in, the recorder of its
life, its job, and the card of a song read back from the database."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import discord

from bot.core.i18n import ENGLISH, Words
from bot.core.metrics import Metrics
from bot.features.songs.card import SongCard
from bot.features.songs.channel_edits import ChannelEdits
from bot.features.songs.delivery import MediaFetcher
from bot.features.songs.history import message_link
from bot.features.songs.hold import LeaseHold
from bot.features.songs.job import SongJob
from bot.features.songs.live import LiveMessage
from bot.features.songs.recorder import Recorder
from bot.features.songs.results.row import Lineage
from bot.store import GenerationRepository
from bot.store.song_records import SongRecord

WordsIn = Callable[[str | None], Words]  # a locale's words
Settled = Callable[[int], Awaitable[None]]  # a server's song completed: its budgets settle
DEFAULT_FILE_LIMIT = 10 * 1024 * 1024  # Discord's upload limit where the server has no boost


@dataclass(frozen=True, slots=True)
class SongConfig:
    """What the song service takes from the settings (their defaults live there)."""

    edit_interval: float  # seconds between progress edits, at least
    token_lifetime: float  # Discord's interaction token lifetime
    retry_delays: tuple[float, ...]  # retries while the API is unavailable
    answer_within: float = 2.0  # seconds after /song to acknowledge it (Discord allows 3)

    @property
    def max_tries(self) -> int:
        """Tries at the API per song while it limits the key or is down."""
        return len(self.retry_delays) + 1


class SongParts:
    def __init__(
        self,
        generations: GenerationRepository,
        media: MediaFetcher,
        config: SongConfig,
        *,
        metrics: Metrics | None = None,
        words_in: WordsIn = lambda _locale: ENGLISH,
        hold: LeaseHold | None = None,
        settled: Settled | None = None,
    ) -> None:
        self._settled = settled
        self._hold = hold or LeaseHold()  # whether this process may touch its songs' messages
        self._generations = generations
        self._media = media
        self._config = config
        self._metrics = metrics
        self._words_in = words_in  # a locale's words, for songs picked up after a restart
        self.channel_edits = ChannelEdits()  # every song's channel-route edits, per channel

    def live(
        self,
        message_id: int | None,
        *,
        interaction: discord.Interaction | None = None,
        channel: discord.abc.Messageable | None = None,
    ) -> LiveMessage:
        """The message a song lives in: edited through ``interaction`` while its token lasts,
        through ``channel`` without one (a session's thread, a song picked up again)."""
        return LiveMessage(
            interaction,
            message_id,
            channel=channel,
            token_lifetime=self._config.token_lifetime,
            channel_edits=self.channel_edits,
        )

    def recorder(self, song_id: int, who: tuple[int, int], job_id: str | None = None) -> Recorder:
        return Recorder(
            self._generations,
            song_id,
            job_id=job_id,
            who=who,
            metrics=self._metrics,
            settled=self._settled,
        )

    def job(
        self,
        live: LiveMessage,
        card: SongCard,
        record: Recorder,
        *,
        file_limit: int = DEFAULT_FILE_LIMIT,
    ) -> SongJob:
        lag = self._metrics.edit_lag.observe if self._metrics is not None else None
        return SongJob(
            live,
            card,
            record,
            media=self._media,
            edit_interval=self._config.edit_interval,
            file_limit=file_limit,
            lag=lag,
            gate=self._hold.gate(card.song_id),
        )

    async def card_of(self, song: SongRecord) -> SongCard:
        """The card of a song read back after a restart, in the language it started in."""
        return SongCard(
            song.requester or "someone",
            song.prompt,
            song.lyrics_source,
            song_id=song.id,
            lineage=await self._lineage(song),
            words=self._words_in(song.locale),
        )

    async def _lineage(self, song: SongRecord) -> Lineage | None:
        """What a song picked up after a restart regenerates or remixes, to show it again."""
        if song.origin is None or song.parent_id is None:
            return None
        parent = await self._generations.song(song.guild_id, song.parent_id)
        link = message_link(parent.record) if parent is not None else None
        return Lineage(song.origin, song.parent_name, link)
