"""A Server-Sent Events decoder that knows nothing of the network.

It follows the HTML standard's "event stream interpretation" rules: lines end in LF, CRLF or
CR; ``data:`` lines accumulate; lines starting with ``:`` are comments (keep-alives); ``event``,
``id`` and ``retry`` fields are honoured; a blank line dispatches. Bytes may be fed in pieces
split anywhere, even inside a multi-byte UTF-8 character or between the CR and LF of a CRLF.
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass
from typing import Any

_LINE_END = re.compile(r"\r\n|\r|\n")
MAX_EVENT_SIZE = 1024 * 1024  # characters; a song's largest event (its lyrics) is far smaller


class EventTooLargeError(ValueError):
    """An event (or a line) grew past :data:`MAX_EVENT_SIZE` without ending."""


@dataclass(frozen=True, slots=True)
class ServerSentEvent:
    """One dispatched event."""

    data: str
    event: str = "message"
    id: str = ""
    retry: int | None = None

    def json(self) -> Any:
        """The ``data`` parsed as JSON (raises ``ValueError`` when it is not JSON)."""
        return json.loads(self.data)


class SSEDecoder:
    """Turns chunks of bytes into :class:`ServerSentEvent` objects.

    Call :meth:`feed` with each chunk as it arrives and :meth:`close` at end of stream. Per the
    standard, an event left without its terminating blank line at end of stream is discarded.
    """

    def __init__(self, max_size: int = MAX_EVENT_SIZE) -> None:
        self._max_size = max_size
        self._size = 0  # characters of the event being collected
        self._text = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._partial = ""  # text of an unfinished line
        self._after_cr = False  # last chunk ended in CR: a leading LF belongs to it
        self._started = False  # a leading BOM is dropped once
        self._data: list[str] = []
        self._event = ""
        self._last_id = ""
        self._retry: int | None = None

    @property
    def last_event_id(self) -> str:
        return self._last_id

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        return self._feed_text(self._text.decode(chunk))

    def close(self) -> list[ServerSentEvent]:
        """End of stream: decode what is left; an unterminated event is dropped."""
        events = self._feed_text(self._text.decode(b"", final=True))
        if self._partial:
            # A last line with no line end is still a line; it cannot complete an event.
            self._process_line(self._partial)
            self._partial = ""
        self._data.clear()
        self._event = ""
        return events

    def _feed_text(self, text: str) -> list[ServerSentEvent]:
        if not text:
            return []
        if not self._started:
            self._started = True
            text = text.removeprefix("\ufeff")
        if self._after_cr and text.startswith("\n"):
            text = text[1:]
        self._after_cr = text.endswith("\r")
        events: list[ServerSentEvent] = []
        start = 0
        for match in _LINE_END.finditer(text):
            line = text[start : match.start()]
            if self._partial:
                line = self._partial + line
                self._partial = ""
            start = match.end()
            event = self._process_line(line)
            if event is not None:
                events.append(event)
        self._partial += text[start:]
        if len(self._partial) + self._size > self._max_size:
            raise EventTooLargeError(f"an event longer than {self._max_size:,} characters")
        return events

    def _process_line(self, line: str) -> ServerSentEvent | None:
        if not line:
            return self._dispatch()
        if line.startswith(":"):
            return None
        name, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if name == "data":
            self._data.append(value)
            self._size += len(value) + 1
            if self._size > self._max_size:
                raise EventTooLargeError(f"an event longer than {self._max_size:,} characters")
        elif name == "event":
            self._event = value
        elif name == "id":
            if "\0" not in value:
                self._last_id = value
        elif name == "retry" and value.isascii() and value.isdigit():
            self._retry = int(value)
        return None

    def _dispatch(self) -> ServerSentEvent | None:
        self._size = 0
        if not self._data:
            self._event = ""
            return None
        event = ServerSentEvent(
            data="\n".join(self._data),
            event=self._event or "message",
            id=self._last_id,
            retry=self._retry,
        )
        self._data.clear()
        self._event = ""
        return event
