"""Logging set-up, with secrets scrubbed from every line (messages and tracebacks)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import UTC, datetime

from bot.core.scrub import REDACTED, Scrubber

__all__ = ["REDACTED", "JsonFormatter", "RedactingFormatter", "setup_logging"]


class RedactingFormatter(logging.Formatter):
    """Formats as usual, then scrubs every known secret value."""

    def __init__(self, fmt: str, secrets: Iterable[str]) -> None:
        super().__init__(fmt)
        self._scrub = Scrubber(secrets)

    def format(self, record: logging.LogRecord) -> str:
        return self._scrub(super().format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object a line (for log collectors), scrubbed like the text format."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._scrub = Scrubber(secrets)

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return self._scrub(json.dumps(entry, ensure_ascii=False))


class OneLineReconnects(logging.Filter):
    """discord.py logs every reconnect attempt with a full traceback; a network that comes
    and goes is not a bug, so such a record becomes one line naming what happened (the
    traceback stays in DEBUG logs)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        if record.exc_info and message.startswith("Attempting a reconnect"):
            error = record.exc_info[1]
            if not logging.getLogger().isEnabledFor(logging.DEBUG):
                detail = f" ({type(error).__name__}: {error})" if error else ""
                record.msg = message + detail.replace("%", "%%")  # record.args still apply
                record.exc_info = None
                record.exc_text = None
        return True


def setup_logging(
    level: str = "INFO", secrets: Iterable[str] = (), *, as_json: bool = False
) -> None:
    """Log to stderr (as text, or one JSON object a line); quiet the chattiest libraries
    unless debugging."""
    handler = logging.StreamHandler()
    handler.addFilter(OneLineReconnects())
    handler.setFormatter(
        JsonFormatter(secrets)
        if as_json
        else RedactingFormatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s", secrets)
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    if level != "DEBUG":
        logging.getLogger("discord").setLevel(logging.WARNING)
        logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
