"""The one place that opens and closes what the whole bot shares."""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp

from bot import __version__
from bot.core.metrics import Metrics
from bot.core.scrub import Scrubber
from bot.core.settings import Settings
from bot.features.songs.delivery import MediaFetcher
from bot.features.usage.reservations import Reservations
from bot.soundverse import PollPolicy, SoundverseClient
from bot.soundverse.media import GuardedResolver, MediaPolicy
from bot.store import (
    Database,
    GenerationRepository,
    ModerationRepository,
    UsageRepository,
    open_database,
)
from bot.store.challenges import ChallengeRepository
from bot.store.jams import JamRepository
from bot.store.leases import LeaseRepository, Owner
from bot.store.parties import PartyRepository


@dataclass(frozen=True, slots=True)
class Resources:
    """Shared for the process's lifetime: the HTTP sessions, the song client, the database."""

    http: aiohttp.ClientSession
    media: MediaFetcher  # its own session: every address it connects to is checked
    soundverse: SoundverseClient
    database: Database
    generations: GenerationRepository
    moderation: ModerationRepository
    usage: UsageRepository
    reservations: Reservations
    jams: JamRepository
    challenges: ChallengeRepository
    parties: PartyRepository
    leases: LeaseRepository  # this process's claims on its songs
    metrics: Metrics


def soundverse_client(
    session: aiohttp.ClientSession, settings: Settings, api_key: str
) -> SoundverseClient:
    """The song client as the settings describe it."""
    return SoundverseClient(
        session,
        api_key,
        scrub=Scrubber(settings.secrets()),
        base_url=settings.soundverse_api_url,
        status_path=settings.soundverse_status_path,
        connect_timeout=settings.soundverse_connect_timeout,
        idle_timeout=settings.soundverse_idle_timeout,
        poll=PollPolicy(deadline=settings.soundverse_job_deadline),
    )


def this_process() -> str:
    """A name for this process in the song leases: its host, its pid, and a random part (a
    restarted process may get the same pid)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


@contextlib.asynccontextmanager
async def open_resources(settings: Settings, *, api_key: str) -> AsyncIterator[Resources]:
    """Open everything, yield it, and close it all on the way out, whatever happened."""
    database = await open_database(settings.database_url)
    owner = Owner(this_process(), settings.song_lease_seconds)
    http = aiohttp.ClientSession(
        headers={"User-Agent": f"songbot/{__version__}"},
        # every song in flight holds one stream open, so no pool-wide cap (songs would queue)
        connector=aiohttp.TCPConnector(limit=0, limit_per_host=0),
    )
    policy = MediaPolicy.for_api(settings.soundverse_api_url, settings.media_hosts)
    media = aiohttp.ClientSession(
        headers={"User-Agent": f"songbot/{__version__}"},
        connector=aiohttp.TCPConnector(limit=0, limit_per_host=0, resolver=GuardedResolver(policy)),
    )
    try:
        yield Resources(
            http=http,
            media=MediaFetcher(media, policy),
            soundverse=soundverse_client(http, settings, api_key),
            database=database,
            generations=GenerationRepository(database, owner),
            moderation=ModerationRepository(database),
            usage=UsageRepository(database),
            reservations=Reservations(database, owner),
            jams=JamRepository(database),
            challenges=ChallengeRepository(database),
            parties=PartyRepository(database),
            leases=LeaseRepository(database, owner),
            metrics=Metrics(),
        )
    finally:
        await media.close()
        await http.close()
        await database.close()
