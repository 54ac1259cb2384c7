"""A simulated song job: runs its stages on a clock, whoever is (or is not) listening.

Like the real service, a job lives on when its stream's connection drops; its events are kept
so a stream can replay them and the status endpoint can describe the job at any moment.
"""

from __future__ import annotations

import asyncio
import math
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bot.mock_api.faults import Faults
from bot.mock_api.media import SAMPLE_RATE, WAV_HEADER_BYTES
from bot.mock_api.songs import SongPlan

# Seconds before each stage at speed 1: about 40 seconds for a whole song, like the real API.
STAGE_DELAYS: tuple[tuple[str, float], ...] = (
    ("job_created", 0.0),
    ("validated", 3.0),
    ("streaming_v1", 9.0),
    ("streaming_v2", 2.0),
    ("uploading_v1", 16.0),
    ("uploading_v2", 2.0),
    ("completed_v1", 4.0),
    ("completed_v2", 2.0),
    ("completed", 1.0),
)


@dataclass(slots=True)
class MediaLinks:
    """Where a job's files are served (absolute URLs)."""

    cover: str
    audio: tuple[str, str]
    preview: tuple[str, str]


@dataclass(slots=True)
class SimulatedJob:
    job_id: str
    message_id: str
    request: dict[str, Any]
    plan: SongPlan
    faults: Faults
    links: MediaLinks
    seconds: float
    created_at: float = field(default_factory=time.time)
    events: list[dict[str, Any]] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)
    emitted_at: list[float] = field(default_factory=list)  # time.monotonic() of each event
    status_calls: int = 0
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def operation(self) -> str:
        urls = ("reference_url", "instrumental_url", "vocal_url", "melody_url")
        return "song_with_reference" if any(self.request.get(k) for k in urls) else "song_generate"

    @property
    def duration(self) -> float:
        """Seconds of audio in each file, silence padding included."""
        padded = (self.faults.audio_size or 0) - WAV_HEADER_BYTES
        return round(max(self.seconds, padded / SAMPLE_RATE), 3)

    @property
    def finished(self) -> bool:
        last = self.events[-1] if self.events else {}
        return last.get("status") == "failed" or last.get("isComplete") is True

    @property
    def failed(self) -> bool:
        return bool(self.events) and self.events[-1].get("status") == "failed"

    async def wait_change(self) -> None:
        await self.changed.wait()

    def _emit(self, stage: str, event: dict[str, Any]) -> None:
        event["chunkIndex"] = len(self.events)
        self.events.append(event)
        self.stages.append(stage)
        self.emitted_at.append(time.monotonic())
        self.changed.set()
        self.changed = asyncio.Event()

    async def run(
        self,
        speed: float,
        sleep: Callable[[float], Awaitable[None]],
        release: asyncio.Event | None = None,
    ) -> None:
        """Emit every stage in order, pausing as the speed says, or fail where told to. With
        ``release``, a job waits after ``job_created`` until it is set (tests hold jobs at the
        API that way)."""
        slow = self.faults.slow_stage()
        for stage, delay in STAGE_DELAYS:
            if release is not None and stage != "job_created":
                await release.wait()
            pause = 0.0 if math.isinf(speed) else delay / speed
            if slow and slow[0] == stage:
                pause += slow[1]
            if pause > 0:
                await sleep(pause)
            if stage == self.faults.fail_at:
                if stage == "job_created":  # accepted, then failed before validation
                    self._emit(stage, self.stage_event(stage))
                self._emit("failed", self._failed_event())
                return
            self._emit(stage, self.stage_event(stage))

    def _failed_event(self) -> dict[str, Any]:
        return {
            "message_id": self.message_id,
            "status": "failed",
            "error": True,
            "detail": self.faults.fail_detail,
        }

    def stage_event(self, stage: str) -> dict[str, Any]:
        base: dict[str, Any] = {"message_id": self.message_id}
        name = self.plan.song_name
        if stage == "job_created":
            return {
                **base,
                "type": "job_created",
                "job_id": self.job_id,
                "status": "processing",
                "isComplete": False,
                "content": "Job created…",
            }
        if stage == "validated":
            return {
                **base,
                "status": "validated",
                "album_art": self.links.cover,
                "song_name": name,
                "operation": self.operation,
                "content": f"Request validated — composing “{name}”…",
            }
        if stage == "completed":
            return {
                **base,
                "status": "completed",
                "isComplete": True,
                "operation": self.operation,
                "total_versions": 2,
                "album_art": self.links.cover,
                "song_name": name,
                "content": "Generation complete",
            }
        kind, version = stage.rsplit("_v", 1)
        return {**base, **self.version_fields(kind, int(version))}

    def version_fields(self, kind: str, version: int) -> dict[str, Any]:
        i = version - 1
        if kind == "streaming":
            return {
                "status": "streaming",
                "version": version,
                "task_id": f"task_{self.job_id[:8]}_{version}",
                "stream_url": self.links.preview[i],
                "streaming_ready": True,
                "content": f"Version {version} is streaming…",
            }
        if kind == "uploading":
            return {"status": "uploading", "version": version, "content": f"Uploading {version}…"}
        return {
            "status": "completed",
            "isComplete": False,
            "version": version,
            "audio_url": self.links.audio[i],
            "audio_id": f"aud_{self.job_id[:8]}_{version}",
            "audio_ready": True,
            "duration": self.duration,
            "bpm": self.plan.bpm[i],
            "lyrics_sections": self.plan.lyrics_sections,
            "tokens": self.plan.tokens[i],
            "totalTokens": sum(self.plan.tokens[: i + 1]),
            "content": f"Version {version} is ready",
        }

    def status_answer(self) -> dict[str, Any]:
        """What ``/v7/status`` says now, in the shape the faults ask for."""
        if self.failed:
            return {"job_id": self.job_id, **self.events[-1]}
        merged: dict[str, Any] = {}
        for event in self.events:
            merged.update(event)
        merged.pop("chunkIndex", None)
        merged.pop("type", None)  # "job_created" marks that one stream event, not the job
        merged["job_id"] = self.job_id
        merged.setdefault("isComplete", False)
        if self.faults.status_shape == "flat":
            return merged
        answer = {k: merged[k] for k in _JOB_FIELDS if k in merged}
        if self.faults.status_shape == "audio_data":
            answer["audio_data"] = [
                {"audio_url": v["audio_url"], "song_name": self.plan.song_name}
                for v in self._versions()
                if v.get("audio_url")
            ]
        else:
            answer["versions"] = self._versions()
        return answer

    def _versions(self) -> list[dict[str, Any]]:
        versions: dict[int, dict[str, Any]] = {}
        for event in self.events:
            if isinstance(event.get("version"), int):
                entry = versions.setdefault(event["version"], {})
                entry.update({k: v for k, v in event.items() if k not in _NOT_PER_VERSION})
        return [versions[n] for n in sorted(versions)]


_JOB_FIELDS = (
    "job_id", "message_id", "status", "isComplete", "song_name", "album_art", "operation",
    "total_versions", "content", "totalTokens",
)  # fmt: skip
_NOT_PER_VERSION = {"message_id", "chunkIndex", "isComplete", "totalTokens", "content"}


def new_ids() -> tuple[str, str]:
    """A job id and a message id, shaped like opaque service ids."""
    return secrets.token_hex(12), f"msg_{secrets.token_hex(8)}"
