"""``songbot run``: connect the bot to Discord."""

from __future__ import annotations

import argparse
import asyncio
import functools
from collections.abc import Coroutine
from typing import Any, Protocol

from bot.cli.exit_codes import EXIT_OK, exit_codes
from bot.cli.parsing import add_command
from bot.cli.web import with_gallery
from bot.core.logs import setup_logging
from bot.core.settings import Settings, load_settings


class BotMain(Protocol):
    def __call__(
        self, settings: Settings, *, token: str, api_key: str
    ) -> Coroutine[Any, Any, None]: ...


BOT_SETTINGS = (
    "DISCORD_TOKEN and SOUNDVERSE_API_KEY (required); DATABASE_URL, SOUNDVERSE_API_URL, "
    "SOUNDVERSE_MAX_CONCURRENT, SOUNDVERSE_RETRY_DELAYS, DISCORD_SHARD_COUNT, LOG_LEVEL, "
    "METRICS_PORT and the rest of the README's Configuration table"
)


def add_parser(commands: Any) -> None:
    run = add_command(
        commands, "run", summary="run the Discord bot",
        description="Connect to Discord and serve /song, /jam and the rest until SIGTERM or "
        "Ctrl-C. The database is created or upgraded first; songs in progress when it stops "
        "carry on after the next start.",
        needs=BOT_SETTINGS,
        exits=exit_codes("stopped cleanly (SIGTERM or Ctrl-C)",
                         failed="Discord could not be reached, or closed the connection"),
    )  # fmt: skip
    run.set_defaults(handler=run_command)
    sync = add_command(
        commands, "sync-commands", summary="register the slash commands with Discord now",
        description="Register the slash commands with Discord now, even when they have not "
        "changed (`run` registers them itself when they have), then stop. With "
        "DISCORD_DEV_GUILD_ID set, they go to that server only, at once.",
        needs="DISCORD_TOKEN and SOUNDVERSE_API_KEY (required); DISCORD_DEV_GUILD_ID, DATABASE_URL",
        exits=exit_codes("registered", failed="Discord could not be reached or refused"),
    )  # fmt: skip
    sync.set_defaults(handler=sync_command)


def run_command(args: argparse.Namespace) -> int:
    from bot.app.runner import run_bot  # noqa: PLC0415 - discord.py loads only for bot commands

    return _with_bot_settings(args, functools.partial(with_gallery, run_bot))


def sync_command(args: argparse.Namespace) -> int:
    from bot.app.runner import sync_only  # noqa: PLC0415 - discord.py loads only for bot commands

    return _with_bot_settings(args, sync_only)


def _with_bot_settings(args: argparse.Namespace, main: BotMain) -> int:
    """Check the settings a bot command needs, set up logging, and run it."""
    settings = load_settings(args.env_file)
    token, api_key = settings.required("discord_token", "soundverse_api_key")
    setup_logging(settings.log_level, settings.secrets(), as_json=settings.log_format == "json")
    asyncio.run(main(settings, token=token, api_key=api_key))
    return EXIT_OK
