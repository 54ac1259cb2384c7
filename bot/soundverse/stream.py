"""Reading the event stream off an HTTP body: bytes in, parsed events out."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable

import aiohttp

from bot.core.scrub import Scrubber
from bot.soundverse.errors import classify, is_error_body, load_json
from bot.soundverse.events import AnyEvent, parse_event
from bot.soundverse.sse import EventTooLargeError, SSEDecoder

log = logging.getLogger(__name__)


class StreamEnded(Exception):  # noqa: N818 - a condition, not a failure of ours
    """The byte stream broke or went quiet before the final event."""


class EventReader:
    """Feeds an HTTP body through an :class:`SSEDecoder` and parses each event's JSON."""

    def __init__(self, decoder: SSEDecoder, scrub: Scrubber | None = None) -> None:
        self._decoder = decoder
        self._scrub = scrub or Scrubber()

    async def events(
        self, body: aiohttp.StreamReader, *, job_id: Callable[[], str | None]
    ) -> AsyncIterator[AnyEvent]:
        """Yield events; raise :class:`StreamEnded` on a reset, an idle timeout or EOF.

        An error object inside the stream (``{"success": false, ...}``) raises the matching
        :class:`~bot.soundverse.errors.SoundverseError`.
        """
        try:
            async for chunk in body.iter_any():
                for sse in self._decoder.feed(chunk):
                    event = self.parse(sse.data, job_id())
                    if event is not None:
                        yield event
        except (aiohttp.ClientError, TimeoutError, ConnectionError) as exc:
            reason = "no data for too long" if isinstance(exc, TimeoutError) else repr(exc)
            raise StreamEnded(reason) from exc
        except EventTooLargeError as exc:
            raise StreamEnded(str(exc)) from exc
        self._decoder.close()  # an event cut off by EOF is dropped, as the standard says

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
