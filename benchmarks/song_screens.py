"""What the Discord stand-in saw of each song, measured against the simulator's stages: how
stale each screen was, how long the first answer and the final upload took, what was lost.
Read by ``concurrent_songs`` and ``several_processes``."""

from __future__ import annotations

import json
import statistics
from typing import Any

from benchmarks.measure import pct
from benchmarks.processes import JobTimes
from tests.standin.discord.server import Call, DiscordStandIn, Interaction

# What a Discord message shows once it knows of each simulator stage.
SHOWN_BY = {
    "job_created": "✅ Accepted",
    "validated": "✅ Validated",
    "streaming_v1": "Version 1: ▶️ streaming",
    "streaming_v2": "Version 2: ▶️ streaming",
    "uploading_v1": "Version 1: ⬆️ uploading",
    "uploading_v2": "Version 2: ⬆️ uploading",
    "completed_v1": "Version 1: ✅ ready",
    "completed_v2": "Version 2: ✅ ready",
    "completed": "✅ Done",
}
LATER = {  # a later screen implies the earlier stage was shown
    "streaming_v1": ("Version 1: ⬆️", "Version 1: ✅", "✅ Done"),
    "streaming_v2": ("Version 2: ⬆️", "Version 2: ✅", "✅ Done"),
    "uploading_v1": ("Version 1: ✅", "✅ Done"),
    "uploading_v2": ("Version 2: ✅", "✅ Done"),
    "completed_v1": ("✅ Done",),
    "completed_v2": ("✅ Done",),
}


def shows_done(standin: DiscordStandIn, interaction: Interaction) -> bool:
    message = standin.original(interaction)
    return bool(
        message and message["attachments"] and "✅ Done" in json.dumps(message, ensure_ascii=False)
    )


def measure_songs(
    standin: DiscordStandIn, jobs: dict[str, JobTimes], interactions: list[Interaction]
) -> dict[str, Any]:
    by_token: dict[str, list[Call]] = {}
    for call in standin.calls:
        if call.method == "PATCH" and "/webhooks/" in call.path:
            by_token.setdefault(call.path.split("/")[5], []).append(call)
    staleness, before_upload, upload, overhead, ratios, edits = [], [], [], [], [], []
    spans, starts, lost = [], [], 0
    answers, thinking = _answers(standin, interactions)
    for interaction in interactions:
        message = standin.original(interaction) or {}
        footer = (message.get("embeds") or [{}])[0].get("footer", {}).get("text", "")
        job = jobs.get(footer.removeprefix("Job "))
        calls = by_token.get(interaction.token, [])
        final = next((c for c in calls if c.files), None)
        if job is None or final is None or not shows_done(standin, interaction):
            lost += 1
            continue
        edits.append(len(calls))
        texts = [(c.at, json.dumps(c.json, ensure_ascii=False)) for c in calls]
        for stage, emitted in zip(job.stages, job.emitted_at, strict=True):
            seen = _first_shown(texts, stage, emitted)
            if seen is not None:
                staleness.append(seen - emitted)
        overhead.append(final.at - job.emitted_at[-1])
        before_upload.append(final.began - job.emitted_at[-1])
        upload.append(final.at - final.began)
        ratios.append((final.at - interaction.created) / job.duration)
        starts.append(job.emitted_at[0] - interaction.created)
        spans.append((interaction.created, final.at))
    return {
        "staleness_p50_s": pct(staleness, 0.5),
        "staleness_p99_s": pct(staleness, 0.99),
        "staleness_max_s": max(staleness, default=float("nan")),
        "completion_overhead_p50_ms": pct(overhead, 0.5) * 1000,
        "completion_overhead_p99_ms": pct(overhead, 0.99) * 1000,
        "completion_before_upload_p99_ms": pct(before_upload, 0.99) * 1000,
        "upload_p99_ms": pct(upload, 0.99) * 1000,
        "start_p50_ms": pct(starts, 0.5) * 1000,
        "start_p99_ms": pct(starts, 0.99) * 1000,
        "end_to_end_ratio_p50": pct(ratios, 0.5),
        "end_to_end_ratio_p99": pct(ratios, 0.99),
        "answer_p50_ms": pct(answers, 0.5) * 1000,
        "answer_p99_ms": pct(answers, 0.99) * 1000,
        "answered_thinking": thinking,
        "edits_per_job": statistics.mean(edits) if edits else float("nan"),
        "lost_jobs": lost,
        "peak_in_flight": _peak_overlap(spans),
    }


def _answers(standin: DiscordStandIn, interactions: list[Interaction]) -> tuple[list[float], int]:
    """How long each /song waited for its first answer (Discord allows 3 s), and how many
    were answered with "thinking…" (a deferral, callback type 5) rather than the song."""
    first: dict[str, Call] = {}
    for call in standin.calls:
        if call.method == "POST" and call.path.startswith("/api/v10/interactions/"):
            first.setdefault(call.path.split("/")[4], call)
    waits, thinking = [], 0
    for interaction in interactions:
        answer = first.get(interaction.id)
        if answer is None:
            continue
        waits.append(answer.at - interaction.created)
        thinking += answer.json.get("type") == DEFERRED
    return waits, thinking


DEFERRED = 5  # the callback type of "thinking…"


def _peak_overlap(spans: list[tuple[float, float]]) -> int:
    """The most intervals open at one moment."""
    edges = sorted([(start, 1) for start, _ in spans] + [(end, -1) for _, end in spans])
    peak = current = 0
    for _, step in edges:
        current += step
        peak = max(peak, current)
    return peak


def _first_shown(texts: list[tuple[float, str]], stage: str, emitted: float) -> float | None:
    wanted = (SHOWN_BY.get(stage, "\0"), *LATER.get(stage, ()))
    for at, text in texts:
        if at >= emitted and any(marker in text for marker in wanted):
            return at
    return None
