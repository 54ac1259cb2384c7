"""Client for Soundverse's song-generation API (v7). Knows nothing of Discord."""

from bot.core.settings import DEFAULT_BASE_URL
from bot.soundverse.client import SoundverseClient, SyncResult
from bot.soundverse.errors import (
    AuthenticationError,
    FileTooLargeError,
    InputUnreachableError,
    InsufficientBalanceError,
    InvalidRequestError,
    JobFailedError,
    JobNotFoundError,
    RateLimitedError,
    ServiceUnavailableError,
    SoundverseError,
    StreamBrokenError,
)
from bot.soundverse.events import (
    AnyEvent,
    ClientEvent,
    JobCompleted,
    JobCreated,
    JobFailed,
    LyricsSection,
    Quiet,
    Reconnecting,
    Retrying,
    Streaming,
    UnknownEvent,
    Uploading,
    Validated,
    VersionCompleted,
)
from bot.soundverse.job import JobState, Stage, VersionState
from bot.soundverse.request import MAX_AUDIO_BYTES, MAX_PROMPT_LENGTH, SongRequest
from bot.soundverse.transport import PollPolicy

__all__ = [
    "DEFAULT_BASE_URL",
    "MAX_AUDIO_BYTES",
    "MAX_PROMPT_LENGTH",
    "AnyEvent",
    "AuthenticationError",
    "ClientEvent",
    "FileTooLargeError",
    "InputUnreachableError",
    "InsufficientBalanceError",
    "InvalidRequestError",
    "JobCompleted",
    "JobCreated",
    "JobFailed",
    "JobFailedError",
    "JobNotFoundError",
    "JobState",
    "LyricsSection",
    "PollPolicy",
    "Quiet",
    "RateLimitedError",
    "Reconnecting",
    "Retrying",
    "ServiceUnavailableError",
    "SongRequest",
    "SoundverseClient",
    "SoundverseError",
    "Stage",
    "StreamBrokenError",
    "Streaming",
    "SyncResult",
    "UnknownEvent",
    "Uploading",
    "Validated",
    "VersionCompleted",
    "VersionState",
]
