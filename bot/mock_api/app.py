"""The simulator's HTTP server: the three song endpoints, media files and a peek for tests."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from bot.mock_api.answers import (
    ERROR_ANSWERS,
    body_problem,
    error_answer,
    input_problem,
    json_answer,
)
from bot.mock_api.faults import FAULT_HEADER, Faults, FaultSpecError
from bot.mock_api.jobs import MediaLinks, SimulatedJob, new_ids
from bot.mock_api.media import cover_png, melody_wav
from bot.mock_api.songs import plan_song
from bot.mock_api.streaming import write_stream

log = logging.getLogger(__name__)

MAX_JOBS_KEPT = 5000


@dataclass(slots=True)
class SimulatorConfig:
    api_key: str | None = None  # None: any non-empty bearer key is accepted
    speed: float = 1.0  # 1 is the real pace (about 40 s a song); higher is faster
    faults: Faults = field(default_factory=Faults)
    song_seconds: float = 30.0
    public_url: str | None = None  # base for media links; default: the URL the client used
    check_inputs: bool = True  # download audio URLs to check they exist and fit 10 MB
    max_concurrent: int | None = None  # jobs running at once per service; beyond it, a 429
    busy_retry_after: int = 5  # the Retry-After sent with that 429


class Simulator:
    """One simulated Soundverse service; ``jobs`` and ``calls`` are there for tests to read."""

    def __init__(self, config: SimulatorConfig | None = None) -> None:
        self.config = config or SimulatorConfig()
        self.jobs: dict[str, SimulatedJob] = {}
        self.calls: list[tuple[str, str]] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self._errors_sent: Counter[str] = Counter()
        self._session: aiohttp.ClientSession | None = None
        self.release = asyncio.Event()  # jobs go on past job_created while set (tests clear it)
        self.release.set()
        self.refused_busy = 0  # 429s sent because max_concurrent jobs were running
        self.peak_running = 0

    def build_app(self) -> web.Application:
        app = web.Application(middlewares=[self._record])
        app.router.add_post("/v7/generate/song", self.generate)
        app.router.add_post("/v7/generate/song/sync", self.generate_sync)
        app.router.add_get("/v7/status/{job_id}", self.status)
        app.router.add_get("/media/{job_id}/cover.png", self.cover)
        app.router.add_get("/media/{job_id}/{version:[12]}.wav", self.audio)
        app.router.add_get("/media/{job_id}/{version:[12]}-preview.wav", self.preview)
        app.router.add_get("/_mock/jobs", self.list_jobs)
        app.router.add_get("/_mock/stats", self.stats)
        app.cleanup_ctx.append(self._lifetime)
        return app

    async def _lifetime(self, _app: web.Application) -> Any:
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=15))
        yield
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._session.close()

    @web.middleware
    async def _record(self, request: web.Request, handler: Any) -> web.StreamResponse:
        self.calls.append((request.method, request.path))
        response: web.StreamResponse = await handler(request)
        return response

    # --- the API -------------------------------------------------------------------------

    async def generate(self, request: web.Request) -> web.StreamResponse:
        job = await self._accept(request)
        if isinstance(job, web.Response):
            return job
        return await write_stream(request, job)

    async def generate_sync(self, request: web.Request) -> web.StreamResponse:
        job = await self._accept(request)
        if isinstance(job, web.Response):
            return job
        while not job.finished:
            await job.wait_change()
        if job.failed:
            return json_answer(500, {"detail": job.faults.fail_detail})
        return json_answer(
            200,
            {
                "job_id": job.job_id,
                "message_id": job.message_id,
                "album_art": job.links.cover,
                "audio_data": [
                    {"audio_url": url, "song_name": job.plan.song_name} for url in job.links.audio
                ],
            },
        )

    async def status(self, request: web.Request) -> web.Response:
        refused = self._check_key(request)
        if refused:
            return refused
        job = self.jobs.get(request.match_info["job_id"])
        if job is None:
            return json_answer(404, {"detail": "Job not found"})
        job.status_calls += 1
        if job.faults.status_error and job.status_calls <= job.faults.status_error_count:
            return error_answer(job.faults.status_error, job.faults)
        return json_answer(200, job.status_answer())

    # --- media ---------------------------------------------------------------------------

    async def cover(self, request: web.Request) -> web.Response:
        job = self._job_or_404(request)
        return web.Response(body=cover_png(job.plan.seed), content_type="image/png")

    async def audio(self, request: web.Request) -> web.Response:
        job = self._job_or_404(request)
        return web.Response(body=self._wav(job, request), content_type="audio/wav")

    async def preview(self, request: web.Request) -> web.StreamResponse:
        """The same audio, sent in pieces like a live preview stream."""
        job = self._job_or_404(request)
        data = self._wav(job, request)
        response = web.StreamResponse(headers={"Content-Type": "audio/wav"})
        await response.prepare(request)
        for start in range(0, len(data), 16384):
            await response.write(data[start : start + 16384])
        await response.write_eof()
        return response

    async def stats(self, _request: web.Request) -> web.Response:
        return json_answer(
            200,
            {"running": self.running, "peak_running": self.peak_running,
             "refused_busy": self.refused_busy, "jobs": len(self.jobs)},
        )  # fmt: skip

    async def list_jobs(self, _request: web.Request) -> web.Response:
        return json_answer(
            200,
            [
                {
                    "job_id": job.job_id,
                    "stages": job.stages,
                    "emitted_at": job.emitted_at,
                    "finished": job.finished,
                    "status_calls": job.status_calls,
                    "request": job.request,
                }
                for job in self.jobs.values()
            ],
        )

    # --- helpers -------------------------------------------------------------------------

    async def _accept(self, request: web.Request) -> SimulatedJob | web.Response:
        """Everything the API checks before a job exists; a job, or the error answer."""
        try:
            faults = Faults.parse(request.headers.get(FAULT_HEADER), self.config.faults)
        except FaultSpecError as exc:
            return json_answer(400, {"detail": f"Bad {FAULT_HEADER} header: {exc}"})
        refused = self._check_key(request)
        if refused:
            return refused
        if faults.error and self._should_fail(request, faults):
            return error_answer(faults.error, faults, request)
        try:
            body = await request.json()
        except ValueError:
            return json_answer(422, {"detail": "Request body must be a JSON object"})
        if not isinstance(body, dict):
            return json_answer(422, {"detail": "Request body must be a JSON object"})
        problem = body_problem(body)
        if problem:
            return json_answer(400 if "must be provided" in problem else 422, {"detail": problem})
        refused = await input_problem(self._session, body) if self.config.check_inputs else None
        if refused:
            return refused
        if self.config.max_concurrent is not None and self.running >= self.config.max_concurrent:
            self.refused_busy += 1
            return json_answer(
                429, ERROR_ANSWERS["rate_limit"][1],
                {"Retry-After": str(self.config.busy_retry_after)},
            )  # fmt: skip
        return self._start_job(request, body, faults)

    @property
    def running(self) -> int:
        """Jobs started and not finished."""
        return len(self._tasks)

    def _check_key(self, request: web.Request) -> web.Response | None:
        scheme, _, key = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            return json_answer(
                401, {"detail": "Not authenticated: send Authorization: Bearer <key>"}
            )
        if self.config.api_key is not None and key.strip() != self.config.api_key:
            return error_answer("invalid_key", Faults())
        return None

    def _should_fail(self, request: web.Request, faults: Faults) -> bool:
        if not faults.error_count:
            return True
        key = request.headers.get(FAULT_HEADER) or "server"
        self._errors_sent[key] += 1
        return self._errors_sent[key] <= faults.error_count

    def _start_job(
        self, request: web.Request, body: dict[str, Any], faults: Faults
    ) -> SimulatedJob:
        job_id, message_id = new_ids()
        seed = int.from_bytes(hashlib.sha256(job_id.encode()).digest()[:8], "big")
        seconds = faults.song_seconds or self.config.song_seconds
        base = faults.media_url or self.config.public_url or f"{request.scheme}://{request.host}"
        base = base.rstrip("/")
        media = f"{base}/media/{job_id}"
        job = SimulatedJob(
            job_id=job_id,
            message_id=message_id,
            request=body,
            plan=plan_song(seed, body.get("prompt"), body.get("lyrics"), seconds, faults.song_name),
            faults=faults,
            links=MediaLinks(
                cover=f"{media}/cover.png",
                audio=(f"{media}/1.wav", f"{media}/2.wav"),
                preview=(f"{media}/1-preview.wav", f"{media}/2-preview.wav"),
            ),
            seconds=seconds,
        )
        self._forget_old_jobs()
        self.jobs[job_id] = job
        task = asyncio.create_task(job.run(self.config.speed, asyncio.sleep, self.release))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        self.peak_running = max(self.peak_running, len(self._tasks))
        log.info("job %s started (%s)", job_id, job.operation)
        return job

    def _forget_old_jobs(self) -> None:
        while len(self.jobs) >= MAX_JOBS_KEPT:
            oldest = next(iter(self.jobs))
            del self.jobs[oldest]

    def _job_or_404(self, request: web.Request) -> SimulatedJob:
        job = self.jobs.get(request.match_info["job_id"])
        if job is None:
            raise web.HTTPNotFound(text="no such job")
        return job

    def _wav(self, job: SimulatedJob, request: web.Request) -> bytes:
        version = int(request.match_info["version"])
        return melody_wav(
            job.plan.seed + version,
            job.seconds,
            job.plan.bpm[version - 1],
            job.faults.audio_size or 0,
        )
