"""The Discord bot: a ``commands.Bot`` whose features are extensions in ``cogs/``."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

import discord
from discord.ext import commands

from bot.app.command_sync import sync_commands
from bot.app.gallery_door import GalleryDoor
from bot.app.invite import invite_url
from bot.app.resources import Resources
from bot.app.translator import Catalogs, CatalogTranslator, shipped_catalogs
from bot.core.i18n import words_in
from bot.core.settings import Settings
from bot.features.challenges.front import ChallengeFront
from bot.features.jam.front import JamFront
from bot.features.moderation.service import ServerSettings
from bot.features.modlog.front import EVERY, ModLogFront
from bot.features.parties import OneSong, Parties
from bot.features.parties.cache import OpusCache
from bot.features.parties.front import PartyFront
from bot.features.songs.parts import SongConfig
from bot.features.songs.queue.gate import ApiGate
from bot.features.songs.queue.line import SongQueue
from bot.features.songs.queue.timers import LoopTimers, Timers
from bot.features.songs.responder import SongResponder
from bot.features.songs.results.responder import ResultResponder
from bot.features.songs.results.service import ResultActions
from bot.features.songs.service import SongService
from bot.features.songs.takeover import Takeover
from bot.features.usage.service import UsageService
from bot.store.bot_guilds import ALL_SHARDS, BotGuildRepository

log = logging.getLogger(__name__)

# Feature extensions, loaded in this order.
EXTENSIONS: tuple[str, ...] = (
    "cogs.errors", "cogs.song", "cogs.results", "cogs.history", "cogs.jam", "cogs.usage",
    "cogs.moderation", "cogs.budgets", "cogs.modlog", "cogs.challenge", "cogs.listen",
    "cogs.help",
)  # fmt: skip


def song_queue(settings: Settings, timers: Timers | None = None) -> SongQueue:
    """The one queue in front of the API, as the settings describe it."""
    timers = timers or LoopTimers()
    gate = ApiGate(settings.soundverse_retry_delays, clock=timers.now)
    return SongQueue(settings.soundverse_max_concurrent, gate, timers=timers)


def gateway_intents() -> discord.Intents:
    """What songbot hears from the gateway: its servers, channels, threads and roles (GUILDS)
    and who is in which voice channel (GUILD_VOICE_STATES, for listening parties). Nothing
    else: with GUILD_MESSAGES Discord would send every message of every channel the bot can
    see, and an event for each edit of every song's screen, none of which songbot reads
    (commands, buttons and forms come as interactions, which need no intent)."""
    return discord.Intents(guilds=True, voice_states=True)


class SongBot(commands.Bot):
    def __init__(
        self,
        settings: Settings,
        resources: Resources,
        *,
        force_sync: bool = False,
        jam_clock: Callable[[], float] = time.time,
        challenge_clock: Callable[[], float] = time.time,
        party_clock: Callable[[], float] = time.time,
        queue_timers: Timers | None = None,
        modlog_clock: Callable[[], float] = time.time,
        modlog_every: float = EVERY,
        catalogs: Catalogs | None = None,
        **client_options: Any,
    ) -> None:
        # Discord's requests are timed only where someone can read the figures (a trace costs
        # every request two callbacks, and the bot sends several per song).
        if settings.metrics_port is not None:
            client_options.setdefault("http_trace", resources.metrics.discord_trace())
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=gateway_intents(),
            allowed_mentions=discord.AllowedMentions.none(),  # nobody is ever pinged
            help_command=None,
            **client_options,
        )
        self.settings = settings
        self.resources = resources
        self.force_sync = force_sync
        self.catalogs = shipped_catalogs() if catalogs is None else catalogs
        self.gallery = GalleryDoor.of(settings, resources.database)  # None: no web gallery
        self.songs = SongService(
            resources.soundverse,
            resources.media,
            resources.generations,
            SongConfig(
                edit_interval=settings.song_edit_interval,
                token_lifetime=settings.discord_interaction_lifetime,
                retry_delays=settings.soundverse_retry_delays,
            ),
            reserve=resources.reservations.reserve,
            policy_of=resources.moderation.policy,
            queue=song_queue(settings, queue_timers),
            metrics=resources.metrics,
            words_in=lambda locale: words_in(self, locale),
            gallery=self.gallery,
            settled=resources.reservations.settled,
        )
        resources.metrics.count_in_flight(
            lambda: self.songs.running, lambda: self.songs.queue.waiting
        )
        self.queue_admin = self.songs.admin  # /songadmin queue, and soon the web dashboard
        self.song_responder = SongResponder(
            self.songs, resources.soundverse, resources.media, resources.generations
        )
        self.jam = JamFront.assemble(
            resources.jams,
            self.song_responder,
            resources.moderation,
            resources.generations,
            channel=self.get_partial_messageable,
            thread=self._thread,
            interval=settings.song_edit_interval,
            clock=jam_clock,
            words_in=lambda locale: words_in(self, locale),
        )
        self.challenges = ChallengeFront.assemble(
            resources.challenges,
            self.song_responder,
            resources.media,
            channel=self.get_partial_messageable,
            thread=self._thread,
            guild=self.get_guild,
            clock=challenge_clock,
            # Posting a challenge's message is never renewed and may take a few rate-limited
            # edits: its claim lasts two song leases (60 s by default), and with them it
            # shortens where processes are to take over sooner (and in tests).
            claim_seconds=2 * settings.song_lease_seconds,
            words_in=lambda locale: words_in(self, locale),
        )
        self._challenge_clock: asyncio.Task[None] | None = None
        self.parties = PartyFront(
            Parties(resources.parties, resources.moderation, clock=party_clock),
            OpusCache(resources.media),  # each version encoded once, for every party
            self,
            cover_allowed=lambda url: resources.media.policy.refusal(url) is None,
            words_in=lambda locale: words_in(self, locale),
        )
        self._party_clock: asyncio.Task[None] | None = None
        self.results = ResultResponder(
            ResultActions(
                self.queue_admin, resources.generations, resources.soundverse, self.gallery
            ),
            self.song_responder,
            self.jam.from_song,
            # Play in voice under a song: /listen song, the same use case and rules
            lambda interaction, job_id, version: self.parties.listen(
                interaction, OneSong(job_id, version)
            ),
        )
        self._jam_clock: asyncio.Task[None] | None = None
        self.takeover = Takeover(
            resources.leases,
            self.songs.resumption,
            self.get_partial_messageable,
            only_process=not resources.database.shared_by_processes,
            metrics=resources.metrics,
        )
        self._leases: asyncio.Task[None] | None = None
        self.moderation = ServerSettings(
            resources.moderation, settings_changed=self.queue_admin.settings_changed
        )
        self.usage = UsageService(resources.moderation, resources.usage)
        self.modlog = ModLogFront.assemble(  # the moderators' log channel
            self, resources.moderation.log_channels, clock=modlog_clock, every=modlog_every
        )
        self.songs.queue.pause_changed = self.modlog.queue_paused
        resources.reservations.on_budget_crossed = self.modlog.budget_crossed
        self._modlog_loop: asyncio.Task[None] | None = None
        self.bot_guilds = BotGuildRepository(resources.database)  # the gallery's "your servers"

    async def setup_hook(self) -> None:
        await self.tree.set_translator(CatalogTranslator(self.catalogs))
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        if not self.force_sync:  # a real run, not `songbot sync-commands`
            resumed = await self.takeover.start()
            if resumed:
                log.info("picking up %d unfinished songs", resumed)
            self._leases = asyncio.create_task(self.takeover.run(), name="song-leases")
            sessions = await self.jam.resume()
            if sessions:
                log.info("bringing %d open lyric sessions up to date", sessions)
            self._jam_clock = asyncio.create_task(self.jam.turns.run(), name="jam-clock")
            # its first tick acts on every deadline that passed while the bot was down
            self._challenge_clock = asyncio.create_task(
                self.challenges.deadlines.run(), name="challenge-clock"
            )
            self._party_clock = asyncio.create_task(self.parties.run(), name="party-clock")
            self._modlog_loop = asyncio.create_task(self.modlog.run(), name="moderators-log")
        await sync_commands(
            self.tree,
            dev_guild_id=self.settings.discord_dev_guild_id,
            fingerprint_file=self.settings.data_dir / "command-tree.sha256",
            force=self.force_sync,
        )

    async def on_ready(self) -> None:
        log.info("connected as %s to %d servers", self.user, len(self.guilds))
        if self.application_id is not None:
            log.info("invite link: %s", invite_url(self.application_id))
        await self._record_servers(self.shard_ids_here())

    def shard_ids_here(self) -> list[int | None]:
        """The shards this process holds; ``ALL_SHARDS`` when it holds all of Discord."""
        return [ALL_SHARDS]

    def holds_guild(self, guild_id: int) -> bool:  # noqa: ARG002 - one process holds all
        """Whether the server's events, and so its songs, are this process's."""
        return True

    async def _record_servers(self, shard_ids: list[int | None]) -> None:
        """The servers each shard of this process is in, for the web gallery."""
        try:
            for shard_id in shard_ids:
                await self.bot_guilds.ready(shard_id, [
                    guild.id for guild in self.guilds if shard_id in (ALL_SHARDS, guild.shard_id)
                ])  # fmt: skip
        except Exception:  # the gallery's list of servers waits for the next ready
            log.warning("could not record the bot's servers", exc_info=True)

    async def on_guild_join(self, guild: discord.Guild) -> None:
        await self.bot_guilds.joined(guild.id, guild.shard_id)

    async def on_guild_available(self, guild: discord.Guild) -> None:
        await self.bot_guilds.joined(guild.id, guild.shard_id)  # a GUILD_CREATE after ready

    async def on_guild_remove(self, guild: discord.Guild) -> None:
        await self.bot_guilds.left(guild.id)

    async def _thread(self, thread_id: int) -> discord.Thread:
        """A session's thread, from the cache or from Discord."""
        channel = self.get_channel(thread_id) or await self.fetch_channel(thread_id)
        if not isinstance(channel, discord.Thread):
            raise TypeError(f"channel {thread_id} is not a thread")
        return channel

    async def close(self) -> None:
        if self._party_clock is not None:
            self._party_clock.cancel()
        await self.parties.close()  # before the voice connections close with the client
        if self._jam_clock is not None:
            self._jam_clock.cancel()
        if self._challenge_clock is not None:
            self._challenge_clock.cancel()
        if self._leases is not None:
            self._leases.cancel()
        if self._modlog_loop is not None:
            self._modlog_loop.cancel()
        await self.jam.close()
        await self.songs.stop()
        await self.modlog.close()
        if self._leases is not None:  # it ran: its songs are stopped now, so let them go
            try:
                await self.takeover.release()
            except Exception:  # the next process takes them when the leases run out
                log.warning("could not give up the song leases", exc_info=True)
        await super().close()


class ShardedSongBot(SongBot, commands.AutoShardedBot):
    """The same bot on some of the shards: one of several processes sharing one PostgreSQL
    (``DISCORD_SHARD_COUNT``, ``DISCORD_SHARD_IDS``). Discord sends each server's events to
    one shard, so every interaction of a server reaches the process that holds its shard."""

    def shard_ids_here(self) -> list[int | None]:
        return list(self.shards)  # on ready, each shard's servers replace its own rows

    def holds_guild(self, guild_id: int) -> bool:
        return (guild_id >> 22) % (self.shard_count or 1) in self.shard_ids_here()


def make_bot(settings: Settings, resources: Resources, **options: Any) -> SongBot:
    """The bot the settings describe: all of Discord in one connection, or some shards."""
    if settings.discord_shard_count is None:
        return SongBot(settings, resources, **options)
    ids = list(settings.discord_shard_ids) if settings.discord_shard_ids else None
    return ShardedSongBot(
        settings, resources, shard_count=settings.discord_shard_count, shard_ids=ids, **options
    )
