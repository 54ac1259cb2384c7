"""``songbot mock-api``: run the Soundverse simulator."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from bot.cli.exit_codes import EXIT_OK, EXIT_USAGE, exit_codes
from bot.cli.parsing import add_command, port_number
from bot.core.logs import setup_logging
from bot.mock_api import Faults, FaultSpecError, SimulatorConfig
from bot.mock_api.faults import FAULT_HEADER
from bot.mock_api.server import run_forever


def add_parser(commands: Any) -> None:
    parser = add_command(
        commands, "mock-api", summary="run a local simulator of the Soundverse song API",
        description="A faithful local stand-in for the song API: real streams, real audio and "
        "cover files, the documented errors. Faults can be chosen per request with the "
        f"{FAULT_HEADER} header, or for every request with --fault. Runs until SIGTERM or "
        "Ctrl-C.",
        needs=None,
        exits=exit_codes("stopped (SIGTERM)", failed=None, interrupted="stopped with Ctrl-C"),
    )  # fmt: skip
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default: %(default)s)")  # fmt: skip
    parser.add_argument("--port", type=port_number, default=8765,
                        help="port, 0 picks a free one (default: %(default)s)")  # fmt: skip
    parser.add_argument(
        "--speed",
        type=_speed,
        default=1.0,
        help="1 is the real pace (about 40 s a song); 10 is ten times faster; inf is instant "
        "(default: %(default)s)",
    )
    parser.add_argument("--api-key", help="accept only this bearer key (default: any)")
    parser.add_argument(
        "--fault",
        type=_faults,
        default=Faults(),
        help='faults for every request, e.g. "drop_after=validated; drop_mode=reset"',
    )
    parser.add_argument("--song-seconds", type=float, default=30.0,
                        help="audio length in seconds (default: %(default)s)")  # fmt: skip
    parser.add_argument("--public-url", help="base URL for media links (default: as requested)")
    parser.add_argument(
        "--max-concurrent",
        type=_positive,
        help="jobs running at once; beyond it the API answers 429 (default: no limit)",
    )
    parser.add_argument(
        "--no-check-inputs",
        action="store_true",
        help="do not download audio URLs to check that they exist and fit in 10 MB",
    )
    parser.set_defaults(handler=mock_api_command)


def mock_api_command(args: argparse.Namespace) -> int:
    setup_logging("INFO")
    config = SimulatorConfig(
        api_key=args.api_key,
        speed=args.speed,
        faults=args.fault,
        song_seconds=args.song_seconds,
        public_url=args.public_url,
        check_inputs=not args.no_check_inputs,
        max_concurrent=args.max_concurrent,
    )
    try:
        asyncio.run(run_forever(config, args.host, args.port))
    except OSError as exc:
        print(
            f"songbot: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    return EXIT_OK


def _speed(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value > 0:  # also refuses NaN
        raise argparse.ArgumentTypeError("must be more than 0")
    return value


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _faults(text: str) -> Faults:
    try:
        return Faults.parse(text)
    except FaultSpecError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
