"""Checking what a member gave ``/song`` before anything is sent to the API. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from bot.core.formatting import escape
from bot.core.i18n import Said
from bot.core.urls import url_problem
from bot.soundverse import InvalidRequestError, SongRequest
from bot.soundverse.request import MAX_AUDIO_BYTES, MAX_PROMPT_LENGTH, meaningful

AUDIO_EXTENSIONS = frozenset(
    {".mp3", ".wav", ".ogg", ".oga", ".opus", ".flac", ".m4a", ".aac", ".webm", ".aif", ".aiff"}
)


@dataclass(frozen=True, slots=True)
class AttachedAudio:
    """An attachment given for one audio role (what Discord tells about it)."""

    role: str
    filename: str
    content_type: str | None
    size: int
    url: str


@dataclass(frozen=True, slots=True)
class SongInputs:
    prompt: str | None = None
    lyrics: str | None = None
    attachments: tuple[AttachedAudio, ...] = ()
    urls: tuple[tuple[str, str], ...] = ()  # (role, url) as typed


class InputProblem(Exception):  # noqa: N818 - a message for the member, not a failure
    """What is wrong, worded for the member."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message  # a :class:`Said` where it has data in it, to translate


def build_request(inputs: SongInputs) -> SongRequest:
    """The API request for these inputs, or :class:`InputProblem` saying what to fix."""
    prompt, lyrics = meaningful(inputs.prompt), meaningful(inputs.lyrics)  # the request's rule
    if prompt and len(prompt) > MAX_PROMPT_LENGTH:
        over = len(prompt) - MAX_PROMPT_LENGTH
        raise InputProblem(
            Said(
                "Your prompt is {length} characters: {over} over the limit of {limit}. "
                "Please shorten it.",
                length=f"{len(prompt):,}",
                over=f"{over:,}",
                limit=f"{MAX_PROMPT_LENGTH:,}",
            )
        )
    audio: dict[str, str] = {}
    for attached in inputs.attachments:
        _check_attachment(attached)
        audio[f"{attached.role}_url"] = attached.url
    for role, typed in inputs.urls:
        url = typed.strip()
        problem = url_problem(url)
        if problem:
            raise InputProblem(
                Said(
                    "`{option}` {problem}. Please give a plain web link.",
                    option=f"{role}_url",
                    problem=problem,
                )
            )
        if f"{role}_url" in audio:
            raise InputProblem(
                Said("Give the {role} audio once: as an attachment or as a link.", role=role)
            )
        audio[f"{role}_url"] = url
    if not prompt and not audio:
        raise InputProblem(
            "Tell me what to make: give a `prompt`, or at least one audio input "
            "(reference, instrumental, vocal or melody)."
        )
    try:
        return SongRequest.build(prompt=prompt, lyrics=lyrics, **audio)
    except InvalidRequestError as exc:  # pragma: no cover - the checks above come first
        raise InputProblem(exc.message) from None


def _check_attachment(attached: AttachedAudio) -> None:
    name = escape(attached.filename[:100])
    content_type = (attached.content_type or "").split(";")[0].strip().lower()[:60]
    extension = PurePosixPath(attached.filename.lower()).suffix
    is_audio = content_type.startswith("audio/") or (
        not content_type and extension in AUDIO_EXTENSIONS
    )
    if not is_audio:
        if content_type:
            raise InputProblem(
                Said(
                    "`{option}` must be an audio file, but '{name}' ({kind}) is not.",
                    option=attached.role,
                    name=name,
                    kind=escape(content_type),
                )
            )
        raise InputProblem(
            Said(
                "`{option}` must be an audio file, but '{name}' is not.",
                option=attached.role,
                name=name,
            )
        )
    if attached.size > MAX_AUDIO_BYTES:
        raise InputProblem(
            Said(
                "`{option}` is {size} MB; audio inputs can be at most {limit} MB.",
                option=attached.role,
                size=f"{attached.size / 1048576:.1f}",
                limit=MAX_AUDIO_BYTES // 1048576,
            )
        )
