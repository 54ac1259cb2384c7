"""Errors are classified from the body and the status together."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.soundverse.errors import (
    AuthenticationError,
    FileTooLargeError,
    InsufficientBalanceError,
    InvalidRequestError,
    JobFailedError,
    JobNotFoundError,
    RateLimitedError,
    ServiceUnavailableError,
    SoundverseError,
    StreamBrokenError,
    body_message,
    classify,
    is_error_body,
    load_json,
    parse_retry_after,
)

DOCUMENTED = [
    (
        400,
        {"detail": "Either prompt or at least one of reference_url, instrumental_url, "
         "vocal_url, or melody_url must be provided"},
        InvalidRequestError,
    ),
    (422, {"detail": "Prompt exceeds maximum length of 1024 characters"}, InvalidRequestError),
    (413, {"success": False, "message": "Reference audio file error: File too large"},
     FileTooLargeError),
    (429, {"success": False, "message": "Rate limits have been passed for the user."},
     RateLimitedError),
    (402, {"success": False, "message": "Insufficient balance for this operation."},
     InsufficientBalanceError),
    (503, {"success": False, "message": "Service temporarily unavailable. Please try again "
           "in a moment.", "error": "Database connection pool exhausted"},
     ServiceUnavailableError),
]  # fmt: skip


@pytest.mark.parametrize(("status", "body", "expected"), DOCUMENTED)
def test_documented_bodies_with_their_status(
    status: int, body: dict[str, Any], expected: type[SoundverseError]
) -> None:
    error = classify(status, body)
    assert type(error) is expected
    assert error.message == body_message(body)
    assert error.status == status


@pytest.mark.parametrize(("status", "body", "expected"), DOCUMENTED)
def test_documented_bodies_with_a_generic_status(
    status: int, body: dict[str, Any], expected: type[SoundverseError]
) -> None:
    assert type(classify(400, body)) is expected


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (401, AuthenticationError),
        (403, AuthenticationError),
        (402, InsufficientBalanceError),
        (404, JobNotFoundError),
        (413, FileTooLargeError),
        (429, RateLimitedError),
        (500, ServiceUnavailableError),
        (502, ServiceUnavailableError),
        (504, ServiceUnavailableError),
        (599, ServiceUnavailableError),
        (418, InvalidRequestError),
    ],
)
def test_status_decides_when_the_body_says_nothing(
    status: int, expected: type[SoundverseError]
) -> None:
    error = classify(status, "<html>Bad Gateway</html>" if status >= 500 else {})
    assert type(error) is expected
    assert error.message


def test_error_and_message_shape() -> None:
    error = classify(500, {"error": "overloaded", "message": "Service temporarily unavailable."})
    assert isinstance(error, ServiceUnavailableError)
    assert error.message == "Service temporarily unavailable."


def test_fastapi_validation_list() -> None:
    error = classify(422, {"detail": [{"loc": ["body", "prompt"], "msg": "field required"}]})
    assert isinstance(error, InvalidRequestError)
    assert error.message == "field required"


def test_inside_a_stream_an_error_is_a_failed_job() -> None:
    error = classify(None, {"success": False, "message": "Model crashed"}, job_id="j1")
    assert isinstance(error, JobFailedError)
    assert error.billed
    assert error.job_id == "j1"


def test_rate_limit_carries_retry_after() -> None:
    error = classify(429, {}, retry_after="12")
    assert isinstance(error, RateLimitedError)
    assert error.retry_after == 12.0


def test_retry_after_as_http_date() -> None:
    now = datetime(2026, 11, 23, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("Mon, 23 Nov 2026 12:00:30 GMT", now=now) == 30.0
    assert parse_retry_after("Mon, 23 Nov 2026 11:00:00 GMT", now=now) == 0.0
    assert parse_retry_after("whenever") is None
    assert parse_retry_after(None) is None


def test_billing_rule() -> None:
    assert not classify(429, {}).billed
    assert not StreamBrokenError("broke").billed
    assert StreamBrokenError("broke", job_id="j").billed


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"success": False, "message": "x"}, True),
        ({"detail": "x"}, True),
        ({"status": "failed", "error": True, "detail": "x"}, False),
        ({"status": "validated"}, False),
        ([], False),
    ],
)
def test_is_error_body(body: Any, expected: bool) -> None:
    assert is_error_body(body) is expected


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1, "a": [2, 3.5, -0.0, 1e400, 123456789012345678901234567890]}',
        '"\\ud800 alone"',  # a lone surrogate: the fast parser refuses it, json takes it
        "[" * 300 + "]" * 300,  # deeper than the fast parser goes
        '  {"text": "Caf\\u00e9 \\"quoted\\""}  ',
    ],
)
def test_json_is_read_exactly_as_the_json_module_reads_it(text: str) -> None:
    assert repr(load_json(text)) == repr(json.loads(text))


@pytest.mark.parametrize("text", ["", "{", "[1,]", '{"a": NaN}', "\ufeff{}", '"\x01"'])
def test_what_json_refuses_is_refused_in_its_words(text: str) -> None:
    with pytest.raises(ValueError, match=r"Expecting|Unexpected|Invalid|is not JSON"):
        load_json(text)
