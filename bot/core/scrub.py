"""One scrubber for every secret, used wherever text leaves the process: the log, the API's
texts before any of them reach Discord, a database row or the terminal."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

REDACTED = "[redacted]"
MIN_SECRET_LENGTH = 4  # shorter values are not real secrets; replacing them would mangle words


class Scrubber:
    """Replaces each known secret, also in the forms JSON escaping gives it."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        forms: set[str] = set()
        for secret in secrets:
            if len(secret) >= MIN_SECRET_LENGTH:
                forms.add(secret)
                forms.add(json.dumps(secret)[1:-1])  # as it stands inside a JSON string
        self._forms = sorted(forms, key=len, reverse=True)  # longest first: no partial leftovers
        self._escapes = _escapes_of(forms)

    def __bool__(self) -> bool:
        return bool(self._forms)

    def __call__(self, text: str) -> str:
        for form in self._forms:
            if form in text:
                text = text.replace(form, REDACTED)
        return text

    def may_hold(self, raw: str) -> bool:
        """Whether JSON text ``raw`` may hold a secret once parsed: a form of one as it stands,
        or a ``\\u`` escape of a character some secret has (only those could spell one, so
        text that escapes its accents or emoji is not walked for nothing); when not, walking
        the parsed value can be skipped."""
        if not self._forms:
            return False
        if "\\u" in raw and self._escapes.search(raw):
            return True
        return any(form in raw for form in self._forms)

    def json(self, value: Any) -> Any:
        """``value`` (parsed JSON) with the secrets scrubbed from every string in it, keys too."""
        if not self._forms:
            return value
        if isinstance(value, str):
            return self(value)
        if isinstance(value, list):
            return [self.json(item) for item in value]
        if isinstance(value, dict):
            return {self(str(key)): self.json(item) for key, item in value.items()}
        return value


def _escapes_of(forms: Iterable[str]) -> re.Pattern[str]:
    """The ``\\uXXXX`` escapes (any case) of every character in ``forms``; a character beyond
    the Basic Multilingual Plane is escaped as a surrogate pair, so its first half stands in."""
    codes: set[str] = set()
    for char in set("".join(forms)):
        code = ord(char)
        if code > 0xFFFF:
            code = 0xD800 + ((code - 0x10000) >> 10)
        codes.add(f"{code:04x}")
    return re.compile(r"\\u(?:" + "|".join(sorted(codes)) + ")", re.IGNORECASE)
