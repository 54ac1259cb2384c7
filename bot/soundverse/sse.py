"""A Server-Sent Events decoder that knows nothing of the network.

It follows the HTML standard's "event stream interpretation" rules: lines end in LF, CRLF or
CR; ``data:`` lines accumulate; lines starting with ``:`` are comments (keep-alives); ``event``,
``id`` and ``retry`` fields are honoured; a blank line dispatches. Bytes may be fed in pieces
split anywhere, even inside a multi-byte UTF-8 character or between the CR and LF of a CRLF.

Lines are split as bytes and only field values are decoded: CR and LF never occur inside a
UTF-8 character, so this gives the same text as decoding first, for a fraction of the work.
(Hand-written rather than taken from httpx-sse or aiohttp-sse-client: those read from their
own HTTP clients' responses; this one is fed whatever bytes the caller has.)
"""

from __future__ import annotations

import codecs
import json
from dataclasses import dataclass
from typing import Any

MAX_EVENT_SIZE = 1024 * 1024  # characters; a song's largest event (its lyrics) is far smaller
_BOM = codecs.BOM_UTF8
_CR, _LF, _COLON = 13, 10, 58


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
        self._partial = bytearray()  # bytes of an unfinished line (no CR or LF in them)
        self._after_cr = False  # last chunk ended in CR: a leading LF belongs to it
        self._started = False  # a leading BOM is dropped once
        self._head = b""  # the stream's first bytes while they may still be a BOM
        self._data: list[str] = []
        self._event = ""
        self._last_id = ""
        self._retry: int | None = None

    @property
    def last_event_id(self) -> str:
        return self._last_id

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        if not self._started:
            chunk = self._without_bom(chunk)
        if not chunk:
            return []
        if self._after_cr and chunk[0] == _LF:
            chunk = chunk[1:]
        self._after_cr = chunk[-1:] == b"\r"
        if b"\n" not in chunk and b"\r" not in chunk:  # the unfinished line goes on
            self._partial += chunk
            self._check_partial()
            return []
        if self._partial:
            chunk, self._partial = bytes(self._partial + chunk), bytearray()
        lines = chunk.splitlines()  # bytes split only at CR, LF and CRLF
        if chunk[-1] not in (_CR, _LF):
            self._partial += lines.pop()
        events: list[ServerSentEvent] = []
        for line in lines:
            if line:
                self._process_field(line)
            elif (event := self._dispatch()) is not None:
                events.append(event)
        self._check_partial()
        return events

    def close(self) -> list[ServerSentEvent]:
        """End of stream: an unterminated event is dropped."""
        partial = bytes(self._partial) if self._started else self._head
        if partial:
            if len(partial.decode("utf-8", "replace")) + self._size > self._max_size:
                raise self._too_large()
            # A last line with no line end is still a line; it cannot complete an event.
            self._process_field(partial)
            self._partial.clear()
        self._data.clear()
        self._event = ""
        return []

    def _without_bom(self, chunk: bytes) -> bytes:
        """``chunk`` with the stream's leading BOM taken off, once it is known."""
        head = self._head + chunk
        if len(head) < len(_BOM) and _BOM.startswith(head):
            self._head = head
            return b""
        self._started = True
        self._head = b""
        return head.removeprefix(_BOM)

    def _check_partial(self) -> None:
        if len(self._partial) + self._size > self._max_size:  # bytes: at least the characters
            text, _used = codecs.utf_8_decode(self._partial, "replace", False)
            if len(text) + self._size > self._max_size:
                raise self._too_large()

    def _process_field(self, line: bytes) -> None:
        if line[0] == _COLON:  # a comment
            return
        name, colon, value = line.partition(b":")
        if colon and value[:1] == b" ":
            value = value[1:]
        if name == b"data":
            text = value.decode("utf-8", "replace")
            self._data.append(text)
            self._size += len(text) + 1
            if self._size > self._max_size:
                raise self._too_large()
        elif name == b"event":
            self._event = value.decode("utf-8", "replace")
        elif name == b"id":
            if b"\0" not in value:
                self._last_id = value.decode("utf-8", "replace")
        elif name == b"retry" and value.isdigit():  # bytes: ASCII digits only
            self._retry = int(value)

    def _too_large(self) -> EventTooLargeError:
        return EventTooLargeError(f"an event longer than {self._max_size:,} characters")

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
