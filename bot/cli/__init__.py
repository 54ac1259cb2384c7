"""The ``songbot`` command: ``run``, ``generate``, ``status``, ``db``, ``mock-api`` and ``web``.

Exit codes (:mod:`bot.cli.exit_codes`): 0 success, 1 an API error, 2 bad input or
configuration, 130 stopped with Ctrl-C.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from bot import __version__
from bot.cli import db, generate, mock_api, run, web
from bot.cli.exit_codes import EXIT_API_ERROR, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE
from bot.cli.parsing import ENV_FILE_HELP
from bot.core.errors import Unreachable
from bot.core.settings import ConfigError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="songbot",
        description="Make songs with Soundverse, from Discord or from the terminal.",
    )
    parser.add_argument("--version", action="version", version=f"songbot {__version__}")
    parser.add_argument("--env-file", default=None, help=ENV_FILE_HELP)
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
        for problem in exc.problems or (str(exc),):
            print(f"songbot: {problem}", file=sys.stderr)
        return EXIT_USAGE
    except Unreachable as exc:
        print(f"songbot: {exc}", file=sys.stderr)
        return EXIT_API_ERROR
    except BrokenPipeError:  # the reader left (`| head -1`): nobody to tell, nothing wrong
        _stop_writing_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    return code


def _stop_writing_stdout() -> None:
    """Point stdout at /dev/null, so that flushing it at exit cannot raise again (what
    Python's documentation of SIGPIPE advises)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
