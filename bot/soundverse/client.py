"""The Soundverse v7 song client. Knows HTTP and the API; knows nothing of Discord.

The owner creates one :class:`aiohttp.ClientSession` and passes it in; the client never closes
it. A job is submitted at most once: after ``job_created`` has been seen, a broken stream is
continued by polling the status endpoint, never by posting again. The HTTP side (the key,
timeouts, errors) is :mod:`bot.soundverse.transport`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import aiohttp

from bot.soundverse.errors import (
    JobFailedError,
    JobNotFoundError,
    RateLimitedError,
    ServiceUnavailableError,
    SoundverseError,
    StreamBrokenError,
    classify,
    is_error_body,
)
from bot.soundverse.events import (
    AnyEvent,
    ClientEvent,
    JobCompleted,
    JobFailed,
    Quiet,
    Reconnecting,
    Retrying,
    valid_job_id,
)
from bot.soundverse.job import JobState
from bot.soundverse.request import SongRequest
from bot.soundverse.sse import SSEDecoder
from bot.soundverse.status import JobSnapshot, catch_up_events, parse_snapshot
from bot.soundverse.stream import EventReader, StreamEnded
from bot.soundverse.transport import NETWORK_ERRORS, Transport

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SyncResult:
    """The ``/sync`` answer."""

    job_id: str | None
    message_id: str | None
    album_art: str | None
    audio: list[tuple[str | None, str | None]]  # (audio_url, song_name) per version
    raw: dict[str, Any]

    @classmethod
    def of(cls, body: dict[str, Any]) -> SyncResult:
        audio = [
            (_str(item.get("audio_url")), _str(item.get("song_name")))
            for item in body.get("audio_data") or []
            if isinstance(item, dict)
        ]
        return cls(
            job_id=_str(body.get("job_id")),
            message_id=_str(body.get("message_id")),
            album_art=_str(body.get("album_art")),
            audio=audio,
            raw=body,
        )


class SoundverseClient(Transport):
    """Talks to ``/v7/generate/song``, its ``/sync`` twin and ``/v7/status``."""

    async def generate(
        self,
        request: SongRequest,
        *,
        headers: dict[str, str] | None = None,
        retry_delays: Sequence[float] = (),
    ) -> AsyncIterator[ClientEvent]:
        """Submit a song and yield its events until the final one.

        Raises a :class:`SoundverseError` subclass on any failure. While no job exists yet and
        the API is unavailable, or rate-limits the key with a ``Retry-After`` of at most
        :data:`MAX_RATE_LIMIT_WAIT`, yields :class:`Retrying` and sends the request again, once
        for each of ``retry_delays`` (waiting at least what ``Retry-After`` asks). When the
        stream breaks after the job id is known, yields :class:`Reconnecting` and carries on
        through status (a job is never posted twice). This is the one retry policy: the bot
        and the command line both use it.
        """
        delays = list(retry_delays)
        while True:
            state = JobState()
            try:
                async for event in self._generate_once(request, state, headers or {}):
                    yield event
            except (ServiceUnavailableError, RateLimitedError) as exc:
                delay = _retry_delay(exc, delays) if state.job_id is None else None
                if delay is None:
                    raise
                yield Retrying(delay=delay, reason=exc.message)
                await self._sleep(delay)
            else:
                return

    async def _generate_once(
        self, request: SongRequest, state: JobState, headers: dict[str, str]
    ) -> AsyncIterator[ClientEvent]:
        try:
            async for event in self._stream(request, state, headers):
                state.apply(event)
                yield event
        except StreamEnded as broken:
            if state.job_id is None:
                raise StreamBrokenError(
                    f"The connection to the song API broke before the job started ({broken})."
                ) from broken
            log.info("stream for job %s broke (%s); following by status", state.job_id, broken)
            notice = Reconnecting(job_id=state.job_id, reason=str(broken))
            state.apply(notice)
            yield notice
            async for event in self.follow(state):
                yield event

    async def _stream(
        self, request: SongRequest, state: JobState, extra_headers: dict[str, str]
    ) -> AsyncIterator[AnyEvent | Quiet]:
        url = f"{self._base_url}/v7/generate/song"
        try:
            response = await self._session.post(
                url,
                json=request.to_json(),
                headers={**self._headers, **extra_headers},
                timeout=self._timeout(),
            )
        except NETWORK_ERRORS as exc:
            raise self._unreachable(exc) from exc
        async with response:
            await self._raise_for_error(response)
            reader = EventReader(
                SSEDecoder(), self._scrub, idle_timeout=self._idle_timeout,
                quiet_after=QUIET_AFTER if self._idle_timeout > QUIET_AFTER else None,
            )  # fmt: skip
            async for event in reader.events(response.content, job_id=lambda: state.job_id):
                yield event
                if isinstance(event, JobFailed):
                    raise _job_failed(event, state.job_id or event.job_id)
                if isinstance(event, JobCompleted):
                    return
            raise StreamEnded("the stream ended before the final event")

    async def follow(self, state: JobState) -> AsyncIterator[AnyEvent]:
        """Poll status for a known job, yielding only what ``state`` has not seen yet.

        Used after a broken stream and to pick a job up again after a restart. ``state`` is
        updated as events are yielded.
        """
        if state.job_id is None:
            raise ValueError("follow() needs a job id")
        deadline = time.monotonic() + self._poll.deadline
        delay = self._poll.first_delay
        while True:
            wait = delay
            try:
                snapshot = await self.status(state.job_id)
            except RateLimitedError as exc:
                wait = max(delay, exc.retry_after or 0.0)
            except ServiceUnavailableError as exc:
                log.info("status for job %s unavailable: %s", state.job_id, exc.message)
            else:
                for event in catch_up_events(snapshot, state):
                    state.apply(event)
                    yield event
                if snapshot.failed:
                    raise _job_failed(snapshot.job, state.job_id)
                if snapshot.completed:
                    return
            if time.monotonic() + wait > deadline:
                raise StreamBrokenError(
                    "Gave up following the job: it did not finish in time.", job_id=state.job_id
                )
            await self._sleep(wait)
            delay = min(delay * self._poll.factor, self._poll.max_delay)

    async def status(self, job_id: str) -> JobSnapshot:
        """One status answer. Raises on HTTP errors; unreachable API is ServiceUnavailable."""
        if not valid_job_id(job_id):
            raise JobNotFoundError("That is not a Soundverse job id.", job_id=None)
        url = self._base_url + self._status_path.format(job_id=quote(job_id, safe=""))
        body = await self._json("GET", url, limits=self._timeout(self._idle_timeout), job_id=job_id)
        return parse_snapshot(body)

    async def generate_sync(
        self,
        request: SongRequest,
        *,
        headers: dict[str, str] | None = None,
        retry_delays: Sequence[float] = (),
        on_retry: Callable[[Retrying], None] = lambda _retrying: None,
    ) -> SyncResult:
        """Submit a song and wait for the whole result in one answer, sending it again as
        :meth:`generate` does (``on_retry`` hears each :class:`Retrying`), but only after an
        answer that says no job was made: a connection lost while waiting may have a job
        behind it, and posting again would pay for the song twice."""
        delays = list(retry_delays)
        while True:
            try:
                body = await self._json(
                    "POST", f"{self._base_url}/v7/generate/song/sync", body=request.to_json(),
                    headers={"Accept": "application/json", **(headers or {})},
                    limits=aiohttp.ClientTimeout(
                        total=self._sync_timeout, sock_connect=self._connect_timeout
                    ),
                )  # fmt: skip
            except (ServiceUnavailableError, RateLimitedError) as exc:
                delay = _retry_delay(exc, delays) if _no_job_made(exc) else None
                if delay is None:
                    raise
                on_retry(Retrying(delay=delay, reason=exc.message))
                await self._sleep(delay)
            else:
                return SyncResult.of(body)


def _job_failed(event: AnyEvent, job_id: str | None) -> SoundverseError:
    detail = getattr(event, "detail", None) or event.content or "The song could not be made."
    if is_error_body(event.raw) and event.raw.get("success") is False:
        error = classify(None, event.raw, job_id=job_id)
        if not isinstance(error, JobFailedError):
            return error
    return JobFailedError(detail, body=event.raw, job_id=job_id)


QUIET_AFTER = 20.0  # seconds without a byte before the caller is told the stream is quiet
MAX_RATE_LIMIT_WAIT = 120.0  # seconds; a longer Retry-After is told to the member instead


def _retry_delay(exc: SoundverseError, delays: list[float]) -> float | None:
    """How long to wait before sending the request again, or None to give up now."""
    if not delays:
        return None
    if isinstance(exc, RateLimitedError):
        if exc.retry_after is None or exc.retry_after > MAX_RATE_LIMIT_WAIT:
            return None
        return max(delays.pop(0), exc.retry_after)
    return delays.pop(0)


def _no_job_made(exc: SoundverseError) -> bool:
    """Whether a failed ``/sync`` call certainly made no job: the API answered 429 or 503, or
    the connection was never made. (A 500 or a broken connection may come after the job.)"""
    return exc.status in {429, 503} or isinstance(exc.__cause__, aiohttp.ClientConnectorError)


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None
