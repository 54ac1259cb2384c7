"""HTTP to the song API: the key, the timeouts, JSON answers read with a cap, and every HTTP
or network failure turned into a :class:`~bot.soundverse.errors.SoundverseError`. The song
flows (stream, follow, sync) live in :mod:`bot.soundverse.client` on top of this."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp

from bot.core.network import network_words
from bot.core.scrub import Scrubber
from bot.core.settings import DEFAULT_BASE_URL, DEFAULT_STATUS_PATH
from bot.soundverse.errors import ServiceUnavailableError, classify, is_error_body, parse_body

log = logging.getLogger(__name__)

NETWORK_ERRORS = (aiohttp.ClientError, TimeoutError, ConnectionError)
MAX_BODY = 4 * 1024 * 1024  # bytes of a JSON answer read at most; a real one is a few KB


@dataclass(frozen=True, slots=True)
class PollPolicy:
    """How a broken stream is followed by status polling."""

    first_delay: float = 1.0
    max_delay: float = 10.0
    factor: float = 1.6
    deadline: float = 20 * 60.0  # give up on a job after this long without an end


class Transport:
    """What every call to the API shares. The owner creates the session; it is never closed
    here."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        api_key: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        status_path: str = DEFAULT_STATUS_PATH,
        connect_timeout: float = 10.0,
        idle_timeout: float = 90.0,
        sync_timeout: float = 15 * 60.0,
        poll: PollPolicy | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        scrub: Scrubber | None = None,
    ) -> None:
        """``scrub`` takes secrets out of everything the API says before anyone sees it (an
        error body can echo the request's ``Authorization`` header); by default the key.
        ``sync_timeout`` bounds a ``/sync`` call; ``poll`` paces following a job by status."""
        if "{job_id}" not in status_path:
            raise ValueError("status_path must contain {job_id}")
        self._session = session
        self._api_key = api_key
        self._base_url = base_url.rstrip("/")
        self._status_path = status_path
        self._connect_timeout = connect_timeout
        self._idle_timeout = idle_timeout
        self._sync_timeout = sync_timeout
        self._poll = poll or PollPolicy()
        self._sleep = sleep
        self._scrub = scrub or Scrubber([api_key])

    def __repr__(self) -> str:  # never show the key
        return f"<{type(self).__name__} base_url={self._base_url!r}>"

    @property
    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._api_key}", "Accept": "text/event-stream"}

    def _timeout(self, total: float | None = None) -> aiohttp.ClientTimeout:
        return aiohttp.ClientTimeout(
            total=total, sock_connect=self._connect_timeout, sock_read=self._idle_timeout
        )

    def _unreachable(
        self, exc: BaseException, job_id: str | None = None
    ) -> ServiceUnavailableError:
        log.debug("network failure", exc_info=exc)
        return ServiceUnavailableError(
            f"Could not reach the song API at {self._base_url}: {network_words(exc)}",
            job_id=job_id,
        )

    async def _json(
        self,
        method: str,
        url: str,
        *,
        limits: aiohttp.ClientTimeout,
        headers: dict[str, str] | None = None,
        body: dict[str, Any] | None = None,
        job_id: str | None = None,
    ) -> dict[str, Any]:
        """One call answered with a JSON object; anything else raises."""
        try:
            async with self._session.request(
                method, url, json=body, headers={**self._headers, **(headers or {})},
                timeout=limits,
            ) as response:  # fmt: skip
                await self._raise_for_error(response, job_id=job_id)
                answer = parse_body(await read_capped(response), self._scrub.json)
        except NETWORK_ERRORS as exc:
            raise self._unreachable(exc, job_id) from exc
        if not isinstance(answer, dict):
            raise ServiceUnavailableError("The answer was not a JSON object.", job_id=job_id)
        if is_error_body(answer):
            raise classify(response.status, answer, job_id=job_id)
        return answer

    async def _raise_for_error(
        self, response: aiohttp.ClientResponse, job_id: str | None = None
    ) -> None:
        if response.status < 400:
            return
        body = parse_body(await read_capped(response), self._scrub.json)
        raise classify(
            response.status, body, retry_after=response.headers.get("Retry-After"), job_id=job_id
        )


async def read_capped(response: aiohttp.ClientResponse) -> bytes:
    """The body, or its first :data:`MAX_BODY` bytes (a larger one is not a real answer)."""
    body = bytearray()
    async for chunk in response.content.iter_chunked(65536):
        body += chunk[: MAX_BODY - len(body)]
        if len(body) >= MAX_BODY:
            break
    return bytes(body)
