"""The ``songbot`` command: ``run``, ``generate``, ``status``, ``db``, ``mock-api`` and ``web``.

Exit codes: 0 success, 1 an API error, 2 bad input or configuration.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bot import __version__
from bot.cli import db, generate, mock_api, run, web
from bot.cli.exit_codes import EXIT_API_ERROR, EXIT_USAGE
from bot.core.errors import Unreachable
from bot.core.settings import ConfigError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="songbot",
        description="Make songs with Soundverse, from Discord or from the terminal.",
    )
    parser.add_argument("--version", action="version", version=f"songbot {__version__}")
    parser.add_argument(
        "--env-file",
        default=None,
        help="read settings from this file too (default: $SONGBOT_ENV_FILE, else ./.env if it "
        "exists)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run.add_parser(commands)
    generate.add_parsers(commands)
    mock_api.add_parser(commands)
    db.add_parser(commands)
    web.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.handler(args)
    except ConfigError as exc:
        print(f"songbot: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except Unreachable as exc:
        print(f"songbot: {exc}", file=sys.stderr)
        return EXIT_API_ERROR
    except KeyboardInterrupt:
        return 130
    return code
