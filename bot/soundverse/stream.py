"""Reading the event stream off an HTTP body: bytes in, parsed events out."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable

import aiohttp

from bot.core.network import network_words
from bot.core.scrub import Scrubber
from bot.soundverse.errors import classify, is_error_body, load_json
from bot.soundverse.events import AnyEvent, Quiet, parse_event
from bot.soundverse.sse import EventTooLargeError, SSEDecoder

log = logging.getLogger(__name__)

_QUIET = b"\0quiet"  # a marker no read returns: it is compared by identity


class StreamEnded(Exception):  # noqa: N818 - a condition, not a failure of ours
    """The byte stream broke or went quiet before the final event."""


class EventReader:
    """Feeds an HTTP body through an :class:`SSEDecoder` and parses each event's JSON."""

    def __init__(
        self,
        decoder: SSEDecoder,
        scrub: Scrubber | None = None,
        *,
        quiet_after: float | None = None,
        idle_timeout: float = 90.0,
    ) -> None:
        self._decoder = decoder
        self._scrub = scrub or Scrubber()
        self._quiet_after = quiet_after
        self._idle_timeout = idle_timeout
        self._quiet_told = False  # one Quiet per silence
        # The quiet check: one timer per stream, moved on only when it fires (a timer for
        # every read cost more than the rest of the read), and the read it may end.
        self._timer: asyncio.TimerHandle | None = None
        self._reading: asyncio.Timeout | None = None
        self._last_bytes = 0.0  # loop time the last bytes came

    async def events(
        self, body: aiohttp.StreamReader, *, job_id: Callable[[], str | None]
    ) -> AsyncIterator[AnyEvent | Quiet]:
        """Yield events; raise :class:`StreamEnded` on a reset, an idle timeout or EOF.

        After ``quiet_after`` seconds without a byte, yields one :class:`Quiet` (the read goes
        on until the idle timeout). An error object inside the stream (``{"success": false,
        ...}``) raises the matching :class:`~bot.soundverse.errors.SoundverseError`.
        """
        loop = asyncio.get_running_loop()
        self._last_bytes = loop.time()
        try:
            while chunk := await self._read(body, loop):
                if chunk is _QUIET:
                    yield Quiet(silent_for=self._quiet_after or 0.0,
                                follow_after=self._idle_timeout)  # fmt: skip
                    continue
                for sse in self._decoder.feed(chunk):
                    event = self.parse(sse.data, job_id())
                    if event is not None:
                        yield event
        except (aiohttp.ClientError, TimeoutError, ConnectionError) as exc:
            log.debug("the stream broke", exc_info=exc)
            reason = "no data for too long" if isinstance(exc, TimeoutError) else network_words(exc)
            raise StreamEnded(reason) from exc
        except EventTooLargeError as exc:
            raise StreamEnded(str(exc)) from exc
        finally:
            if self._timer is not None:
                self._timer.cancel()
        self._decoder.close()  # an event cut off by EOF is dropped, as the standard says

    async def _read(self, body: aiohttp.StreamReader, loop: asyncio.AbstractEventLoop) -> bytes:
        """The next bytes (empty at EOF), or :data:`_QUIET` once when they are slow to come."""
        if self._quiet_after is None or self._quiet_told:
            data = await body.readany()
        else:
            if self._timer is None:
                due = loop.time() + self._quiet_after
                self._timer = loop.call_at(due, self._quiet_due, loop)
            # A timeout of the read itself (wait_for would wrap each read in a task), with no
            # deadline of its own: _quiet_due gives it one when the silence has lasted.
            self._reading = asyncio.Timeout(None)
            try:
                async with self._reading:
                    data = await body.readany()
            except TimeoutError:
                self._quiet_told = True
                return _QUIET
            finally:
                self._reading = None
        self._last_bytes = loop.time()
        self._quiet_told = False
        return data

    def _quiet_due(self, loop: asyncio.AbstractEventLoop) -> None:
        """The timer: end the read if nothing came for ``quiet_after`` seconds, else wait on
        from the last bytes. Between reads it stops; the next read starts it again."""
        self._timer = None
        if self._reading is None or self._quiet_after is None:
            return
        due = self._last_bytes + self._quiet_after
        if loop.time() < due:
            self._timer = loop.call_at(due, self._quiet_due, loop)
        else:
            self._reading.reschedule(due)

    def parse(self, data: str, job_id: str | None) -> AnyEvent | None:
        try:
            payload = load_json(data)
            if self._scrub.may_hold(data):
                payload = self._scrub.json(payload)
        except ValueError:
            log.debug("ignoring non-JSON event data %.80r", data)
            return None
        if not isinstance(payload, dict):
            log.debug("ignoring non-object event data %.80r", data)
            return None
        if is_error_body(payload):
            raise classify(None, payload, job_id=job_id)
        return parse_event(payload)
