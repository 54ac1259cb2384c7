"""What members read when something goes wrong. Pure: an error in, a sentence out."""

from __future__ import annotations

import time

from bot.core.replies import relative
from bot.features.songs.render import clean
from bot.soundverse import (
    AuthenticationError,
    FileTooLargeError,
    InputUnreachableError,
    InsufficientBalanceError,
    InvalidRequestError,
    JobFailedError,
    JobNotFoundError,
    JobState,
    RateLimitedError,
    ServiceUnavailableError,
    SoundverseError,
    StreamBrokenError,
)


def failure_text(error: SoundverseError, *, now: float | None = None) -> str:
    """One friendly paragraph for a song API error. Never contains a secret."""
    if isinstance(error, RateLimitedError):
        if error.retry_after is not None:
            at = (now if now is not None else time.time()) + error.retry_after
            return f"Soundverse is busy right now. Please try again {relative(at)}."
        return "Soundverse is busy right now. Please try again in a minute or two."
    if isinstance(error, InsufficientBalanceError):
        return (
            "This server's song credits have run out, so no song was made. "
            "Please ask an admin to top up the Soundverse account."
        )
    if isinstance(error, AuthenticationError):
        return (
            "The bot's Soundverse API key was refused, so no song was made. "
            "An admin needs to check the bot's `SOUNDVERSE_API_KEY`."
        )
    if isinstance(error, ServiceUnavailableError):
        return "Soundverse is having trouble right now. Please try again in a few minutes."
    if isinstance(error, FileTooLargeError):
        reason = clean(error.message, 500)
        return f"An audio file is too large for Soundverse (10 MB at most): {reason}"
    if isinstance(error, InputUnreachableError):
        return (
            "Soundverse could not download one of the audio files. Discord's links to "
            "attachments expire after a while: please attach the file again with `/song`."
        )
    if isinstance(error, InvalidRequestError):
        return f"Soundverse could not accept this request: {clean(error.message, 500)}"
    if isinstance(error, JobFailedError):
        return f"Soundverse could not make this song: {clean(error.message, 500)}"
    if isinstance(error, StreamBrokenError | JobNotFoundError):
        job = f" (job `{error.job_id}`)" if error.job_id else ""
        return f"I lost track of this song{job}. It may still finish at Soundverse."
    return f"Soundverse answered with an error: {clean(error.message, 500)}"


# Shown when Discord refuses a song's full screen (one of our bugs, or an API answer shaped to
# break it): plain text that always fits, so the message is never stuck.
PROGRESS_MINIMAL = "🔄 Making your song… (the details could not be shown here)"
FAILED_MINIMAL = "❌ No song this time, and the details could not be shown here."


def done_minimal(job_id: str | None) -> str:
    again = f" Post it again with `/songs show job_id:{job_id}`." if job_id else ""
    return f"✅ Your song is finished, but Discord would not show it here.{again}"


RESTARTING = "The bot is restarting; this song will carry on in a moment."
INTERRUPTED = (
    "The bot restarted before Soundverse accepted this song, so nothing was made or charged. "
    "Please try again."
)


QUIET = "Soundverse has gone quiet for a moment; your song is still on its way."


def retrying(delay: float) -> str:
    return f"Soundverse is busy; trying again in {delay:g} seconds…"


def notice_for(state: JobState) -> str | None:
    """What to tell the member about the job's connection, if anything."""
    if state.reconnects and not state.finished:
        return "The live connection to Soundverse dropped; following your song by its job id…"
    return None


RESTARTING_REPLY = "I'm restarting right now; please try again in a moment."
