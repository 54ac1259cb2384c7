"""What members read when something goes wrong. Pure: an error in, a sentence out."""

from __future__ import annotations

import time

from bot.core.formatting import fit
from bot.core.i18n import ENGLISH, Words
from bot.core.timestamps import relative
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


def failure_text(
    error: SoundverseError, *, now: float | None = None, words: Words = ENGLISH
) -> str:
    """One friendly paragraph for a song API error, in ``words``. Never contains a secret."""
    if isinstance(error, RateLimitedError):
        if error.retry_after is not None:
            at = (now if now is not None else time.time()) + error.retry_after
            return words(
                "Soundverse is busy right now. Please try again {when}.", when=relative(at)
            )
        return words("Soundverse is busy right now. Please try again in a minute or two.")
    if isinstance(error, InsufficientBalanceError):
        return words(
            "This server's song credits have run out, so no song was made. "
            "Please ask an admin to top up the Soundverse account."
        )
    if isinstance(error, AuthenticationError):
        return words(
            "The bot's Soundverse API key was refused, so no song was made. "
            "An admin needs to check the bot's `SOUNDVERSE_API_KEY`."
        )
    if isinstance(error, ServiceUnavailableError):
        return words("Soundverse is having trouble right now. Please try again in a few minutes.")
    if isinstance(error, FileTooLargeError):
        reason = fit(error.message, 500)
        return words(
            "An audio file is too large for Soundverse (10 MB at most): {reason}", reason=reason
        )
    if isinstance(error, InputUnreachableError):
        return words(
            "Soundverse could not download one of the audio files. Discord's links to "
            "attachments expire after a while: please attach the file again with `/song`."
        )
    reason = fit(error.message, 500)
    if isinstance(error, InvalidRequestError):
        return words("Soundverse could not accept this request: {reason}", reason=reason)
    if isinstance(error, JobFailedError):
        return words("Soundverse could not make this song: {reason}", reason=reason)
    if isinstance(error, StreamBrokenError | JobNotFoundError):
        if error.job_id:
            return words(
                "I lost track of this song (job `{job_id}`). It may still finish at Soundverse.",
                job_id=error.job_id,
            )
        return words("I lost track of this song. It may still finish at Soundverse.")
    return words("Soundverse answered with an error: {reason}", reason=reason)


# Shown when Discord refuses a song's full screen (one of our bugs, or an API answer shaped to
# break it): plain text that always fits, so the message is never stuck.
PROGRESS_MINIMAL = "🔄 Making your song… (the details could not be shown here)"
FAILED_MINIMAL = "❌ No song this time, and the details could not be shown here."


def done_minimal(job_id: str | None, words: Words = ENGLISH) -> str:
    if job_id:
        return words(
            "✅ Your song is finished, but Discord would not show it here. Post it again "
            "with `/songs show job_id:{job_id}`.",
            job_id=job_id,
        )
    return words("✅ Your song is finished, but Discord would not show it here.")


RESTARTING = "The bot is restarting; this song will carry on in a moment."
INTERRUPTED = (
    "The bot restarted before Soundverse accepted this song, so nothing was made or charged. "
    "Please try again."
)


QUIET = "Soundverse has gone quiet for a moment; your song is still on its way."


def retrying(delay: float, words: Words = ENGLISH) -> str:
    return words("Soundverse is busy; trying again in {seconds} seconds…", seconds=f"{delay:g}")


def notice_for(state: JobState, words: Words = ENGLISH) -> str | None:
    """What to tell the member about the job's connection, if anything."""
    if state.reconnects and not state.finished:
        return words(
            "The live connection to Soundverse dropped; following your song by its job id…"
        )
    return None


RESTARTING_REPLY = "I'm restarting right now; please try again in a moment."
