"""``songbot run``: connect the bot to Discord."""

from __future__ import annotations

import argparse
import asyncio
import functools
from collections.abc import Coroutine
from typing import Any, Protocol

from bot.cli.exit_codes import EXIT_OK
from bot.cli.web import with_gallery
from bot.core.logs import setup_logging
from bot.core.settings import Settings, load_settings


class BotMain(Protocol):
    def __call__(
        self, settings: Settings, *, token: str, api_key: str
    ) -> Coroutine[Any, Any, None]: ...


def add_parser(commands: Any) -> None:
    parser = commands.add_parser("run", help="run the Discord bot")
    parser.set_defaults(handler=run_command)
    sync = commands.add_parser("sync-commands", help="register the slash commands with Discord now")
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
    token, api_key = settings.token(), settings.api_key()
    setup_logging(settings.log_level, settings.secrets(), as_json=settings.log_format == "json")
    asyncio.run(main(settings, token=token, api_key=api_key))
    return EXIT_OK
