"""``songbot generate`` and ``songbot status``: the song API from a terminal."""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
from typing import Any

import aiohttp

from bot.app.resources import soundverse_client
from bot.cli.exit_codes import EXIT_API_ERROR, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, exit_codes
from bot.cli.live import Lines, display
from bot.cli.parsing import add_command
from bot.cli.progress import describe_snapshot, summary, wait_words
from bot.core.logs import setup_logging
from bot.core.settings import Settings, load_settings
from bot.soundverse import (
    AuthenticationError,
    FileTooLargeError,
    InvalidRequestError,
    JobState,
    RateLimitedError,
    SongRequest,
    SoundverseError,
)
from bot.soundverse.events import ClientEvent, valid_job_id
from bot.soundverse.request import AUDIO_FIELDS
from bot.soundverse.status import catch_up_events, parse_snapshot

API_SETTINGS = (
    "SOUNDVERSE_API_KEY (required); SOUNDVERSE_API_URL, SOUNDVERSE_RETRY_DELAYS, "
    "SOUNDVERSE_CONNECT_TIMEOUT, SOUNDVERSE_IDLE_TIMEOUT, SOUNDVERSE_JOB_DEADLINE, "
    "SOUNDVERSE_STATUS_PATH, LOG_LEVEL"
)
# Waiting out an API that is down is the bot's job (its queue keeps the song); at a terminal
# someone is watching, so the retries stop once their waits add up to this many seconds.
RETRY_BUDGET = 60.0
_FIELD = re.compile(r"\b(prompt|lyrics|(?:reference|instrumental|vocal|melody)_url)\b")


def add_parsers(commands: Any) -> None:
    gen = add_command(
        commands, "generate", summary="make one song from the terminal",
        description="Make one song and follow it stage by stage (on a terminal a live line, "
        "else one line a stage), then print where both versions are. Needs a prompt or at "
        "least one audio URL. Bad input is refused before anything is sent (nothing billed).",
        needs=API_SETTINGS,
        exits=exit_codes("the song is made", failed="the API refused, failed or is out of reach",
                         interrupted="stopped following (the job carries on at the API)"),
    )  # fmt: skip
    gen.add_argument("--prompt", help="what the song is about (up to 1024 characters)")
    gen.add_argument("--lyrics", help="lyrics to sing (generated when left out)")
    for name in ("reference", "instrumental", "vocal", "melody"):
        gen.add_argument(f"--{name}-url", metavar="URL", help=f"{name} audio (http/https)")
    gen.add_argument("--sync", action="store_true", help="wait for one answer, no live stages")
    gen.add_argument("--json", action="store_true", help="print every event as a JSON line")
    gen.set_defaults(handler=generate_command)

    status = add_command(
        commands, "status", summary="show a job's state by its id",
        description="Ask the API how a job is doing: its stage, its song's name, and each "
        "version's audio once it is ready. The id is the one `generate` printed (Accepted: "
        "job …).",
        needs="SOUNDVERSE_API_KEY (required); SOUNDVERSE_API_URL, SOUNDVERSE_STATUS_PATH",
        exits=exit_codes("answered", failed="the API refused or does not know the job"),
    )  # fmt: skip
    status.add_argument("job_id", type=_job_id, help="the job's id, as `generate` printed it")
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
            **{name: getattr(args, name) for name in AUDIO_FIELDS},
        )
    except InvalidRequestError as exc:
        return _fail(as_flags(exc.message), EXIT_USAGE)
    state = JobState()  # out here: a Ctrl-C still knows the job's id
    try:
        return asyncio.run(_generate(settings, api_key, request, state, args))
    except KeyboardInterrupt:
        return _fail(_stopped(state, sync=args.sync), EXIT_INTERRUPTED)


def status_command(args: argparse.Namespace) -> int:
    settings = load_settings(args.env_file)
    _quiet_logging(settings)
    return asyncio.run(_status(settings, settings.api_key(), args.job_id, as_json=args.json))


async def _generate(
    settings: Settings, api_key: str, request: SongRequest, state: JobState, args: Any
) -> int:
    delays = capped(settings.soundverse_retry_delays, RETRY_BUDGET)  # the bot's own policy
    async with aiohttp.ClientSession() as session:
        client = soundverse_client(session, settings, api_key)
        shown = JsonLines() if args.json else display(sync=args.sync)
        try:
            if args.sync:
                with shown:
                    result = await client.generate_sync(
                        request, retry_delays=delays, on_retry=lambda e: shown.show(e, state)
                    )
                for answered in catch_up_events(parse_snapshot(result.raw), state):
                    state.apply(answered)
                state.job_id = state.job_id or result.job_id
                _out(json.dumps(result.raw) if args.json else summary(state))
                return EXIT_OK
            with shown:
                async for event in client.generate(request, retry_delays=delays):
                    state.apply(event)
                    shown.show(event, state)
        except SoundverseError as exc:
            bad_input = isinstance(exc, InvalidRequestError | FileTooLargeError)
            return _fail(_with_job(exc), EXIT_USAGE if bad_input else EXIT_API_ERROR)
    if not args.json:
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


def capped(delays: tuple[float, ...], budget: float) -> tuple[float, ...]:
    """The first delays whose sum stays within ``budget`` seconds."""
    kept: list[float] = []
    for delay in delays:
        if sum(kept) + delay > budget:
            break
        kept.append(delay)
    return tuple(kept)


def as_flags(message: str) -> str:
    """A refusal in the command line's words: ``--reference-url``, not ``reference_url``."""
    return _FIELD.sub(lambda field: "--" + field[0].replace("_", "-"), message)


class JsonLines(Lines):
    """Every event as one JSON object a line (``--json``)."""

    def __init__(self) -> None:
        super().__init__(sys.stdout)

    def show(self, event: ClientEvent, state: JobState) -> None:  # noqa: ARG002 - as Lines
        raw = dict(event.raw)
        if getattr(event, "resumed", False):
            raw["resumed"] = True
        _out(json.dumps(raw, ensure_ascii=False))


def _job_id(text: str) -> str:
    if not valid_job_id(text):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a Soundverse job id (letters, digits, - and _ only)"
        )
    return text


def _stopped(state: JobState, *, sync: bool) -> str:
    if state.job_id:
        return (
            f"stopped following job {state.job_id}; it carries on at the API: "
            f"`songbot status {state.job_id}` shows how it is doing."
        )
    if sync:
        return "stopped waiting; the API may still make the song (--sync learns its id at the end)."
    return "stopped before the API gave the song a job id."


def _quiet_logging(settings: Settings) -> None:
    """Progress goes to stdout; the log (stderr) only has warnings unless debugging."""
    setup_logging("DEBUG" if settings.log_level == "DEBUG" else "WARNING", settings.secrets())


def _with_job(exc: SoundverseError) -> str:
    message = _message(exc)
    return f"{message} (job {exc.job_id})" if exc.job_id else message


def _message(exc: SoundverseError) -> str:
    if isinstance(exc, AuthenticationError):
        return f"The API key was refused ({exc.message}): check SOUNDVERSE_API_KEY."
    if isinstance(exc, RateLimitedError) and exc.retry_after:
        return f"{exc.message} Try again in {wait_words(exc.retry_after)}."
    return exc.message


def _out(text: str) -> None:
    print(text, flush=True)


def _fail(message: str, code: int) -> int:
    print(f"songbot: {message}", file=sys.stderr)
    return code
