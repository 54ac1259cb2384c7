"""What every ``songbot`` command shares: ``--env-file`` (before or after the command's name),
and help that says what the command does, the settings it reads and its exit codes."""

from __future__ import annotations

import argparse
import textwrap
from typing import Any

ENV_FILE_HELP = (
    "read settings from this file too (default: $SONGBOT_ENV_FILE, else ./.env if it exists)"
)
SETTINGS_FROM = "environment or --env-file; README: Configuration"


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: given after the command's name it is set, else the one before it stands
    common.add_argument("--env-file", default=argparse.SUPPRESS, help=ENV_FILE_HELP)
    return common


_COMMON = _common()


def add_command(
    commands: Any,
    name: str,
    *,
    summary: str,
    description: str,
    needs: str | None,
    exits: str,
) -> argparse.ArgumentParser:
    """A command (``commands`` is what ``add_subparsers`` returned): ``summary`` for the list
    of commands, ``description`` atop its own help, ``needs`` the settings it reads (None:
    none), ``exits`` its exit codes (:func:`bot.cli.exit_codes.exit_codes`)."""
    settings = f"settings ({SETTINGS_FROM}):\n{_wrapped(needs, '  ')}\n\n" if needs else ""
    parser: argparse.ArgumentParser = commands.add_parser(
        name,
        help=summary,
        description=_wrapped(description),
        epilog=settings + exits,
        parents=[_COMMON] if needs else [],  # a command that reads no settings takes no file
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return parser


def _wrapped(text: str, indent: str = "") -> str:
    """Text filled to a terminal's 80 columns (the help keeps line breaks as written, for the
    lists of settings and exit codes)."""
    return textwrap.fill(text, 79, initial_indent=indent, subsequent_indent=indent)


PORT_MAX = 65535


def port_number(text: str) -> int:
    """A ``--port`` value: 0 (any free port) to 65535, or a usage error that says so."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 0 <= value <= PORT_MAX:
        raise argparse.ArgumentTypeError(f"{value} is not a port: 0 (any free one) to {PORT_MAX}")
    return value
