"""Logging set-up, with secrets scrubbed from every line (messages and tracebacks)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from bot.core.scrub import REDACTED, Scrubber

__all__ = ["REDACTED", "RedactingFormatter", "setup_logging"]


class RedactingFormatter(logging.Formatter):
    """Formats as usual, then scrubs every known secret value."""

    def __init__(self, fmt: str, secrets: Iterable[str]) -> None:
        super().__init__(fmt)
        self._scrub = Scrubber(secrets)

    def format(self, record: logging.LogRecord) -> str:
        return self._scrub(super().format(record))


def setup_logging(level: str = "INFO", secrets: Iterable[str] = ()) -> None:
    """Log to stderr; quiet the chattiest libraries unless debugging."""
    handler = logging.StreamHandler()
    handler.setFormatter(
        RedactingFormatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s", secrets)
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    if level != "DEBUG":
        logging.getLogger("discord").setLevel(logging.WARNING)
        logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
