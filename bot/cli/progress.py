"""Plain-text lines for a job's progress in the terminal. Pure functions."""

from __future__ import annotations

from bot.core.formatting import minutes
from bot.soundverse import (
    ClientEvent,
    JobCompleted,
    JobCreated,
    JobFailed,
    JobState,
    Quiet,
    Reconnecting,
    Retrying,
    Streaming,
    Uploading,
    Validated,
    VersionCompleted,
)
from bot.soundverse.status import JobSnapshot


def wait_words(seconds: float) -> str:
    """A wait for people: "45 seconds", "5 minutes", "1 hour"."""
    for unit, size in (("hour", 3600), ("minute", 60)):
        if seconds >= 1.5 * size or (unit == "hour" and seconds >= size):
            count = round(seconds / size)
            return f"{count} {unit}{'s' if count != 1 else ''}"
    count = max(1, round(seconds))
    return f"{count} second{'s' if count != 1 else ''}"


def describe_event(event: ClientEvent) -> str | None:
    """One line for an event, or None for events that say nothing new."""
    again = " (from status)" if getattr(event, "resumed", False) else ""
    if isinstance(event, Retrying):
        return f"… trying again in {event.delay:g} s ({event.reason.rstrip('.')})"
    if isinstance(event, Quiet):
        return (
            f"… no data for {event.silent_for:g} s; if it stays quiet, following the job by "
            f"its id after {event.follow_after:g} s"
        )
    if isinstance(event, Reconnecting):
        return f"… the stream broke ({event.reason}); following job {event.job_id} by status"
    if isinstance(event, JobCreated):
        return f"Accepted: job {event.job_id}"
    if isinstance(event, Validated):
        return f"Validated: “{event.song_name or 'untitled'}”{again}"
    if isinstance(event, Streaming):
        return f"Version {event.version}: preview streaming at {event.stream_url}{again}"
    if isinstance(event, Uploading):
        return f"Version {event.version}: uploading{again}"
    if isinstance(event, VersionCompleted):
        details = f"{minutes(event.duration)}, {event.bpm or '?'} BPM"
        return f"Version {event.version}: ready ({details}){again}"
    if isinstance(event, JobCompleted):
        return f"Complete{again}"
    if isinstance(event, JobFailed):
        return None  # the failure itself is the one line on stderr
    return None


def summary(state: JobState) -> str:
    """The closing lines: the song's name and where each version is."""
    lines = [f"“{state.song_name or 'untitled'}” (job {state.job_id})"]
    # Every version the job has, in order, whether or not the API's answers showed it (a
    # status answer in the flat shape reports only the newest version).
    for number in range(1, max([state.total_versions, *state.versions]) + 1):
        version = state.versions.get(number)
        if version is None or not version.audio_url:
            lines.append(f"  Version {number}: (its audio was not reported by the API)")
            continue
        known = version.duration is not None or version.bpm is not None  # a /sync answer: not
        details = f"  [{minutes(version.duration)}, {version.bpm or '?'} BPM]" if known else ""
        lines.append(f"  Version {number}: {version.audio_url}{details}")
    if state.album_art:
        lines.append(f"  Cover art: {state.album_art}")
    if state.tokens_used is not None:
        lines.append(f"  Tokens used: {state.tokens_used}")
    return "\n".join(lines)


def describe_snapshot(snapshot: JobSnapshot) -> str:
    """A status answer for people."""
    state = JobState(job_id=snapshot.job.job_id)
    for event in [snapshot.job, *snapshot.versions.values()]:
        state.apply(event)
    if snapshot.failed:
        return f"Job {state.job_id}: failed: {state.error}"
    name = snapshot.raw.get("song_name")
    head = f"Job {state.job_id}: {snapshot.status or 'unknown'}" + (f", “{name}”" if name else "")
    if snapshot.completed:
        head += " (finished)"
    lines = [head]
    for number in sorted(state.versions):
        version = state.versions[number]
        lines.append(
            f"  Version {number}: {version.stage.name.lower()} {version.audio_url or ''}".rstrip()
        )
    return "\n".join(lines)
