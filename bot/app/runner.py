"""Start the bot with its shared resources, and stop both cleanly."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
import sys
from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
import discord

from bot.app.bot import SongBot, make_bot
from bot.app.discord_urls import use_discord_urls
from bot.app.metrics_server import metrics_server
from bot.app.resources import open_resources
from bot.core.errors import Unreachable
from bot.core.network import network_words
from bot.core.settings import ConfigError, Settings

log = logging.getLogger(__name__)

STOP_WITHIN = 8.0  # seconds for a graceful stop; orchestrators usually allow 10


@contextlib.asynccontextmanager
async def assembled_bot(
    settings: Settings, *, api_key: str, **client_options: Any
) -> AsyncIterator[SongBot]:
    """The bot with everything it shares, as the settings describe them; all of it is closed
    on the way out. The one place the bot is put together (the run command, the end-to-end
    tests and the benchmarks all use it)."""
    use_discord_urls(settings.discord_api_url, settings.discord_gateway_url)
    async with open_resources(settings, api_key=api_key) as resources:
        yield make_bot(settings, resources, **client_options)


async def run_bot(
    settings: Settings,
    *,
    token: str,
    api_key: str,
    assembled: Callable[[SongBot], None] | None = None,
) -> None:
    """Run until Discord closes the connection for good, or SIGTERM/SIGINT.

    On a signal the bot takes no new songs (members are told it is restarting), songs in
    progress keep their state in the database and carry on after the next start, and every
    connection is closed. ``assembled`` is given the bot before it connects (the web
    dashboard served from this process reaches its queue so).
    """
    prepare_process()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with (
        assembled_bot(settings, api_key=api_key) as bot,
        bot,
        _operator_endpoint(bot, settings),
    ):
        if assembled is not None:
            assembled(bot)
        running = asyncio.create_task(_start(bot, token))
        stopping = asyncio.create_task(stop.wait())
        done, _ = await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if running not in done:
            log.info("stopping: no new songs; songs in progress carry on after a restart")
            bot.songs.accepting = False
            try:
                await asyncio.wait_for(bot.close(), STOP_WITHIN)
            except TimeoutError:
                log.warning("did not stop cleanly within %.0f s", STOP_WITHIN)
        await running


@contextlib.asynccontextmanager
async def _operator_endpoint(bot: SongBot, settings: Settings) -> AsyncIterator[None]:
    """The metrics and health endpoint, when ``METRICS_PORT`` asks for one."""
    if settings.metrics_port is None:
        yield
        return
    async with contextlib.AsyncExitStack() as stack:
        try:
            await stack.enter_async_context(
                metrics_server(bot, settings.metrics_host, settings.metrics_port)
            )
        except OSError as exc:  # the port is taken, or the address is not this machine's
            raise ConfigError(
                f"METRICS_PORT {settings.metrics_port} cannot be used on "
                f"{settings.metrics_host}: {network_words(exc)}."
            ) from None
        yield


DATABASE_GIL_WAIT = 0.0005  # seconds; Python's default switch interval is 0.005


def prepare_process() -> None:
    """Settings of the bot's process that matter with hundreds of songs in flight."""
    raise_open_file_limit()
    # The database thread needs the GIL for each statement; while the event loop is busy it
    # would wait up to the switch interval every time (5 ms, so about 100 statements a
    # second). Handing the GIL over sooner makes writes keep up under load.
    sys.setswitchinterval(DATABASE_GIL_WAIT)
    # Everything loaded so far lives as long as the process: keep full garbage collections
    # from walking it again and again (they stalled the event loop for 190 ms at 1,000 songs).
    gc.collect()
    gc.freeze()
    # Young collections every 10,000 new objects, not Python's 700: with 1,000 songs in flight
    # each one costs a nearly fixed ~0.5 ms (coroutines, contexts and timers traversed), so at
    # 1,000 they took 1.1 ms of CPU per song and at 10,000 0.2 ms, for pauses of ~7 ms (see
    # docs/performance.md). Full collections only after 1,000 of the middle generation.
    gc.set_threshold(10_000, 10, 1000)


def raise_open_file_limit() -> None:
    """Every song in flight holds a connection open: allow as many open files as the system
    lets this process have (the usual soft limit of 1024 is too few for a busy bot)."""
    try:
        import resource  # noqa: PLC0415 - not on every platform
    except ImportError:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = max(soft, 65536) if hard == resource.RLIM_INFINITY else hard
    if soft != resource.RLIM_INFINITY and soft < wanted:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))  # the hard limit stays
            log.debug("open files allowed: %d (was %d)", wanted, soft)


async def _start(bot: SongBot, token: str) -> None:
    await _login(bot, token)
    await bot.connect()  # from here on, discord.py reconnects by itself


async def _login(bot: SongBot, token: str) -> None:
    """Log in, or say in one line why not: a refused token, or Discord out of reach."""
    try:
        await bot.login(token)
    except discord.LoginFailure:
        raise ConfigError(
            "DISCORD_TOKEN was refused by Discord: reset it in the Developer Portal "
            "(your app → Bot → Reset Token) and update the environment or .env."
        ) from None
    except (aiohttp.ClientError, OSError) as exc:
        log.debug("could not reach Discord", exc_info=exc)
        where = discord.http.Route.BASE
        raise Unreachable(
            f"Could not reach Discord at {where}: {network_words(exc)}. Check the network "
            "(and DISCORD_API_URL if you set it)."
        ) from None


async def sync_only(settings: Settings, *, token: str, api_key: str) -> None:
    """Log in, sync the slash commands (forced), and log out: ``songbot sync-commands``."""
    use_discord_urls(settings.discord_api_url, settings.discord_gateway_url)
    async with open_resources(settings, api_key=api_key) as resources:
        bot = make_bot(settings, resources, force_sync=True)
        async with bot:
            await _login(bot, token)  # runs setup_hook, which syncs
