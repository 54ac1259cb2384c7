"""Secrets never reach the log, not even inside a traceback."""

from __future__ import annotations

import json
import logging
import sys

from bot.core.logs import REDACTED, JsonFormatter, OneLineReconnects, RedactingFormatter


def fail_with(message: str) -> None:
    raise RuntimeError(message)


def test_secrets_are_scrubbed_from_messages_and_tracebacks() -> None:
    formatter = RedactingFormatter("%(message)s", ["sk-secret-123", "tok", ""])
    try:
        fail_with("bad key sk-secret-123")
    except RuntimeError:
        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "using %s", ("sk-secret-123",), exc_info=None
        )
        record.exc_info = sys.exc_info()
    text = formatter.format(record)
    assert "sk-secret-123" not in text
    assert f"using {REDACTED}" in text
    assert f"RuntimeError: bad key {REDACTED}" in text
    assert "tok" in RedactingFormatter("%(message)s", ["tok"]).format(
        logging.LogRecord("x", logging.INFO, __file__, 1, "tok", (), None)
    )  # too short to be a real secret: left alone rather than mangling words


def test_a_reconnect_is_one_line() -> None:
    record = logging.LogRecord(
        "discord.client",
        logging.ERROR,
        __file__,
        1,
        "Attempting a reconnect in %.2fs",
        (5.0,),
        (OSError, OSError("gone 100%"), None),
    )
    assert OneLineReconnects().filter(record)
    assert record.exc_info is None
    assert record.getMessage() == "Attempting a reconnect in 5.00s (OSError: gone 100%)"


def test_json_lines_are_scrubbed_too() -> None:
    formatter = JsonFormatter(["sekrit"])
    try:
        fail_with("token sekrit leaked")
    except RuntimeError:
        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "key %s", ("sekrit",), sys.exc_info()
        )
    line = formatter.format(record)
    entry = json.loads(line)
    assert entry["message"] == f"key {REDACTED}"
    assert entry["level"] == "ERROR"
    assert "sekrit" not in line
    assert "RuntimeError" in entry["traceback"]
