"""Typed Soundverse errors, classified from the HTTP status and the body together.

The API's status codes are not documented and its bodies come in three shapes
(``{"detail"}``, ``{"success": false, "message"}``, ``{"error", "message"}``), so a body that
names its problem wins over a generic status, and a status decides when the body says nothing.
"""

from __future__ import annotations

import email.utils
import json
import math
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pydantic_core


class SoundverseError(Exception):
    """Base class: ``message`` is the API's (or our) sentence, safe to show a user."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        body: Any = None,
        job_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.body = body
        self.job_id = job_id

    @property
    def billed(self) -> bool:
        """Whether the API may have charged for this job (it got far enough to be billed)."""
        return False


class InvalidRequestError(SoundverseError):
    """The request breaks the API's rules (checked locally before sending, or by the API)."""


class FileTooLargeError(InvalidRequestError):
    """An audio input is over the API's 10 MB limit."""


class InputUnreachableError(InvalidRequestError):
    """The API could not download an audio input (a link that expired or never worked)."""


class AuthenticationError(SoundverseError):
    """The API key is missing, wrong or not allowed to do this."""


class RateLimitedError(SoundverseError):
    """Too many requests; ``retry_after`` seconds (when the API said) before trying again."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class InsufficientBalanceError(SoundverseError):
    """The account behind the API key has no credit left."""


class ServiceUnavailableError(SoundverseError):
    """The API is down or overloaded; worth trying again later."""


class JobNotFoundError(SoundverseError):
    """The status endpoint does not know this job id."""


class JobFailedError(SoundverseError):
    """The job was accepted and then failed; ``message`` is the API's reason."""

    @property
    def billed(self) -> bool:
        return self.job_id is not None


class StreamBrokenError(SoundverseError):
    """The event stream broke and the job could not be followed to its end.

    ``job_id`` is set when the job exists at the API (it may still finish there).
    """

    @property
    def billed(self) -> bool:
        return self.job_id is not None


_BY_STATUS: dict[int, type[SoundverseError]] = {
    400: InvalidRequestError,
    401: AuthenticationError,
    402: InsufficientBalanceError,
    403: AuthenticationError,
    404: JobNotFoundError,
    413: FileTooLargeError,
    422: InvalidRequestError,
    429: RateLimitedError,
    500: ServiceUnavailableError,
    502: ServiceUnavailableError,
    503: ServiceUnavailableError,
    504: ServiceUnavailableError,
}

# Phrases of the documented bodies, lower case, checked in order.
_BY_PHRASE: tuple[tuple[str, type[SoundverseError]], ...] = (
    ("file too large", FileTooLargeError),
    ("could not download", InputUnreachableError),
    ("rate limit", RateLimitedError),
    ("insufficient balance", InsufficientBalanceError),
    ("temporarily unavailable", ServiceUnavailableError),
    ("generation failed", JobFailedError),
    ("api key", AuthenticationError),
    ("must be provided", InvalidRequestError),
    ("exceeds maximum length", InvalidRequestError),
)


def body_message(body: Any) -> str | None:
    """The human sentence in any of the API's error body shapes."""
    if isinstance(body, dict):
        for key in ("detail", "message", "error"):
            value = body.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
            if isinstance(value, list) and value:  # FastAPI-style validation detail
                first = value[0]
                if isinstance(first, dict) and isinstance(first.get("msg"), str):
                    return str(first["msg"])
    elif isinstance(body, str) and body.strip():
        return body.strip()[:300]
    return None


def is_error_body(body: Any) -> bool:
    """Whether a JSON object (for instance a stream event) is an error rather than data."""
    if not isinstance(body, dict):
        return False
    return body.get("success") is False or ("detail" in body and "status" not in body)


def classify(
    status: int | None,
    body: Any,
    *,
    retry_after: str | None = None,
    job_id: str | None = None,
) -> SoundverseError:
    """Build the right error for an HTTP status (None inside a stream) and a parsed body."""
    message = body_message(body)
    cls = _class_from_phrase(message) or _class_from_status(status)
    text = message or _default_message(cls, status)
    if cls is RateLimitedError:
        return RateLimitedError(
            text,
            retry_after=parse_retry_after(retry_after),
            status=status,
            body=body,
            job_id=job_id,
        )
    return cls(text, status=status, body=body, job_id=job_id)


def parse_body(raw: bytes, scrub: Callable[[Any], Any] = lambda value: value) -> Any:
    """JSON when it is JSON, else the text (bodies of proxies and load balancers); ``scrub``
    takes the secrets out of it (an error body may echo the request's headers)."""
    text = raw.decode("utf-8", errors="replace")
    try:
        return scrub(load_json(text))
    except ValueError:
        return scrub(text)


def load_json(text: str) -> Any:
    """JSON as the standard has it: ``NaN`` and ``Infinity``, which Python's parser accepts,
    are refused (a duration of Infinity would break every screen that shows it).

    pydantic-core's parser reads a stream event about four times as fast as :mod:`json`;
    whatever it refuses is decided by :mod:`json` (which also takes lone surrogates and
    deeper nesting), so the answer is always exactly :mod:`json`'s."""
    try:
        return pydantic_core.from_json(text, allow_inf_nan=False)
    except ValueError:
        return json.loads(text, parse_constant=_no_constant)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds: either delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return min(max(0.0, seconds), MAX_RETRY_AFTER) if math.isfinite(seconds) else None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(max(0.0, (when - (now or datetime.now(UTC))).total_seconds()), MAX_RETRY_AFTER)


MAX_RETRY_AFTER = 24 * 3600.0  # a longer wait is a wrong header, not a plan


def _class_from_phrase(message: str | None) -> type[SoundverseError] | None:
    if not message:
        return None
    lowered = message.lower()
    for phrase, cls in _BY_PHRASE:
        if phrase in lowered:
            return cls
    return None


def _class_from_status(status: int | None) -> type[SoundverseError]:
    if status is None:
        return JobFailedError  # an error event inside an accepted job's stream
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    if status >= 500:
        return ServiceUnavailableError
    return InvalidRequestError


def _default_message(cls: type[SoundverseError], status: int | None) -> str:
    defaults: dict[type[SoundverseError], str] = {
        AuthenticationError: "The API key was refused.",
        RateLimitedError: "Rate limits have been passed for the user.",
        InsufficientBalanceError: "Insufficient balance for this operation.",
        ServiceUnavailableError: "Service temporarily unavailable. Please try again in a moment.",
        JobNotFoundError: "No job with that id.",
        FileTooLargeError: "Audio file error: File too large",
    }
    return defaults.get(cls, f"The API answered HTTP {status}" if status else "The job failed.")
