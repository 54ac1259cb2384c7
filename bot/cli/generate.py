"""``songbot generate`` and ``songbot status``: the song API from a terminal."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import Any

import aiohttp

from bot.app.resources import soundverse_client
from bot.cli.exit_codes import EXIT_API_ERROR, EXIT_OK, EXIT_USAGE
from bot.cli.live import Lines, display
from bot.cli.progress import describe_snapshot, summary
from bot.core.logs import setup_logging
from bot.core.settings import Settings, load_settings
from bot.soundverse import (
    AuthenticationError,
    FileTooLargeError,
    InvalidRequestError,
    JobState,
    SongRequest,
    SoundverseError,
)
from bot.soundverse.events import ClientEvent


def add_parsers(commands: Any) -> None:
    gen = commands.add_parser("generate", help="make one song from the terminal")
    gen.add_argument("--prompt", help="what the song is about (up to 1024 characters)")
    gen.add_argument("--lyrics", help="lyrics to sing (generated when left out)")
    for name in ("reference", "instrumental", "vocal", "melody"):
        gen.add_argument(f"--{name}-url", metavar="URL", help=f"{name} audio (http/https)")
    gen.add_argument("--sync", action="store_true", help="wait for one answer, no live stages")
    gen.add_argument("--json", action="store_true", help="print every event as a JSON line")
    gen.set_defaults(handler=generate_command)

    status = commands.add_parser("status", help="show a job's state by its id")
    status.add_argument("job_id")
    status.add_argument("--json", action="store_true", help="print the raw answer as JSON")
    status.set_defaults(handler=status_command)


def generate_command(args: argparse.Namespace) -> int:
    settings = load_settings(args.env_file)
    api_key = settings.api_key()
    _quiet_logging(settings)
    try:
        request = SongRequest.build(
            prompt=args.prompt,
            lyrics=args.lyrics,
            reference_url=args.reference_url,
            instrumental_url=args.instrumental_url,
            vocal_url=args.vocal_url,
            melody_url=args.melody_url,
        )
    except InvalidRequestError as exc:
        return _fail(exc.message, EXIT_USAGE)
    return asyncio.run(_generate(settings, api_key, request, sync=args.sync, as_json=args.json))


def status_command(args: argparse.Namespace) -> int:
    settings = load_settings(args.env_file)
    _quiet_logging(settings)
    return asyncio.run(_status(settings, settings.api_key(), args.job_id, as_json=args.json))


async def _generate(
    settings: Settings, api_key: str, request: SongRequest, *, sync: bool, as_json: bool
) -> int:
    async with aiohttp.ClientSession() as session:
        client = soundverse_client(session, settings, api_key)
        try:
            if sync:
                result = await client.generate_sync(request)
                _out(json.dumps(result.raw) if as_json else summary_sync(result.raw))
                return EXIT_OK
            state = JobState()
            delays = settings.soundverse_retry_delays  # the bot's own policy
            with JsonLines() if as_json else display() as shown:
                async for event in client.generate(request, retry_delays=delays):
                    state.apply(event)
                    shown.show(event, state)
        except SoundverseError as exc:
            bad_input = isinstance(exc, InvalidRequestError | FileTooLargeError)
            return _fail(_with_job(exc), EXIT_USAGE if bad_input else EXIT_API_ERROR)
    if not as_json:
        _out(summary(state))
    return EXIT_OK


async def _status(settings: Settings, api_key: str, job_id: str, *, as_json: bool) -> int:
    async with aiohttp.ClientSession() as session:
        try:
            snapshot = await soundverse_client(session, settings, api_key).status(job_id)
        except SoundverseError as exc:
            return _fail(_message(exc), EXIT_API_ERROR)
    _out(json.dumps(snapshot.raw) if as_json else describe_snapshot(snapshot))
    return EXIT_OK


def summary_sync(raw: dict[str, Any]) -> str:
    lines = [f"Job {raw.get('job_id')}: done"]
    for number, item in enumerate(raw.get("audio_data") or [], start=1):
        if isinstance(item, dict):
            lines.append(f"  Version {number}: {item.get('song_name')} {item.get('audio_url')}")
    return "\n".join(lines)


class JsonLines(Lines):
    """Every event as one JSON object a line (``--json``)."""

    def __init__(self) -> None:
        super().__init__(sys.stdout)

    def show(self, event: ClientEvent, state: JobState) -> None:  # noqa: ARG002 - as Lines
        raw = dict(event.raw)
        if getattr(event, "resumed", False):
            raw["resumed"] = True
        _out(json.dumps(raw, ensure_ascii=False))


def _quiet_logging(settings: Settings) -> None:
    """Progress goes to stdout; the log (stderr) only has warnings unless debugging."""
    setup_logging("DEBUG" if settings.log_level == "DEBUG" else "WARNING", settings.secrets())


def _with_job(exc: SoundverseError) -> str:
    message = _message(exc)
    return f"{message} (job {exc.job_id})" if exc.job_id else message


def _message(exc: SoundverseError) -> str:
    if isinstance(exc, AuthenticationError):
        return f"The API key was refused ({exc.message}): check SOUNDVERSE_API_KEY."
    return exc.message


def _out(text: str) -> None:
    print(text, flush=True)


def _fail(message: str, code: int) -> int:
    print(f"songbot: {message}", file=sys.stderr)
    return code
