"""The song request, validated exactly as the API would before anything is sent."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from bot.core.urls import url_problem
from bot.core.visible import visible
from bot.soundverse.errors import InvalidRequestError

MAX_PROMPT_LENGTH = 1024
MAX_AUDIO_BYTES = 10 * 1024 * 1024
AUDIO_FIELDS = ("reference_url", "instrumental_url", "vocal_url", "melody_url")

# The API's own wording, so a refusal reads the same whether we or the API refused.
NOTHING_TO_GENERATE = (
    "Either prompt or at least one of reference_url, instrumental_url, vocal_url, "
    "or melody_url must be provided"
)
PROMPT_TOO_LONG = f"Prompt exceeds maximum length of {MAX_PROMPT_LENGTH} characters"


class SongRequest(BaseModel):
    """The body of ``POST /v7/generate/song`` (and ``/sync``)."""

    model_config: ClassVar[ConfigDict] = ConfigDict(frozen=True, extra="forbid")

    prompt: str | None = None
    lyrics: str | None = None
    reference_url: str | None = None
    instrumental_url: str | None = None
    vocal_url: str | None = None
    melody_url: str | None = None

    @field_validator("prompt", "lyrics", mode="before")
    @classmethod
    def _text(cls, value: object) -> object:
        return meaningful(value) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _check(self) -> SongRequest:
        problem = request_problem(self)
        if problem:
            raise ValueError(problem)
        return self

    @classmethod
    def build(cls, **fields: Any) -> SongRequest:
        """Build a request, raising :class:`InvalidRequestError` with the API's wording."""
        cleaned = {key: (value or None) for key, value in fields.items()}
        try:
            return cls(**cleaned)
        except ValidationError as exc:
            raise InvalidRequestError(_first_message(exc)) from None

    @property
    def audio_urls(self) -> dict[str, str]:
        return {name: url for name in AUDIO_FIELDS if (url := getattr(self, name))}

    @property
    def operation(self) -> str:
        return "song_with_reference" if self.audio_urls else "song_generate"

    def to_json(self) -> dict[str, str]:
        return {key: value for key, value in self.model_dump().items() if value is not None}


def request_problem(request: SongRequest) -> str | None:
    """What is wrong with a request, in the API's words, or None."""
    if not (request.prompt or "").strip() and not request.audio_urls:
        return NOTHING_TO_GENERATE
    if request.prompt and len(request.prompt) > MAX_PROMPT_LENGTH:
        return PROMPT_TOO_LONG
    for name, url in request.audio_urls.items():
        problem = url_problem(url)
        if problem:
            return f"{name} {problem}"
    return None


def meaningful(text: str | None) -> str | None:
    """A prompt or lyrics as sent: without the blanks around it, and None when a reader would
    see nothing in it (only spaces, zero-width or format characters): such a prompt is a
    missing one, for the bot and the command line alike, and is never sent to be billed."""
    return text.strip() if text and visible(text) else None


def _first_message(exc: ValidationError) -> str:
    error = exc.errors(include_url=False, include_input=False)[0]
    message = str(error["msg"])
    if error["type"] == "extra_forbidden":
        return f"Unknown field: {'.'.join(str(part) for part in error['loc'])}"
    return message.removeprefix("Value error, ")
