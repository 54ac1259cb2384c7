"""``songbot run``: connect the bot to Discord."""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from bot.cli.exit_codes import EXIT_OK
from bot.logs import setup_logging
from bot.settings import load_settings


def add_parser(commands: Any) -> None:
    parser = commands.add_parser("run", help="run the Discord bot")
    parser.set_defaults(handler=run_command)
    sync = commands.add_parser("sync-commands", help="register the slash commands with Discord now")
    sync.set_defaults(handler=sync_command)


def run_command(args: argparse.Namespace) -> int:
    settings = load_settings(args.env_file)
    token, api_key = settings.token(), settings.api_key()
    setup_logging(settings.log_level, settings.secrets())
    from bot.runner import run_bot  # noqa: PLC0415 - discord.py loads only for this command

    asyncio.run(run_bot(settings, token=token, api_key=api_key))
    return EXIT_OK


def sync_command(args: argparse.Namespace) -> int:
    settings = load_settings(args.env_file)
    token, api_key = settings.token(), settings.api_key()
    setup_logging(settings.log_level, settings.secrets())
    from bot.runner import sync_only  # noqa: PLC0415 - discord.py loads only for this command

    asyncio.run(sync_only(settings, token=token, api_key=api_key))
    return EXIT_OK
