"""Typed models of the stream's events, parsed leniently.

Every field is optional and a field whose value has the wrong type becomes ``None`` instead of
failing the event: the API's documentation is thin, and a song must never be lost over a field
we did not expect. Unknown fields are kept (``model_extra``) and unknown statuses become
:class:`UnknownEvent`; both are logged at debug level.
"""

from __future__ import annotations

import logging
import re
from typing import Annotated, Any, ClassVar, TypeVar

from pydantic import (
    AfterValidator,
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    SkipValidation,
)

log = logging.getLogger(__name__)

T = TypeVar("T")


def _malformed(value: Any) -> None:
    log.debug("ignoring malformed field value %r", value)


# A value of the type, or None, or else anything at all, which becomes None. Tried left to
# right inside pydantic-core, so a well-formed value costs no Python call (a wrap validator
# would cost one for every field of every event); only a malformed one reaches _malformed.
Lenient = Annotated[
    T | None | Annotated[None, PlainValidator(_malformed)],  # noqa: RUF036 - order matters
    Field(union_mode="left_to_right"),
]

_JOB_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}")
MAX_VERSIONS = 4  # the API makes two; more would be an answer shaped to flood the message


def valid_job_id(value: str) -> bool:
    """Whether ``value`` looks like a job id: it goes into a URL path, a code span and a
    command, so anything else from the API (or a member) is not taken as one."""
    return _JOB_ID.fullmatch(value) is not None


def _job_id(value: str) -> str:
    if not valid_job_id(value):
        raise ValueError("not a job id")
    return value


JobId = Annotated[str, AfterValidator(_job_id)]
# Ranges as pydantic-core constraints (checked without a Python call); no infinity or NaN.
Seconds = Annotated[float, Field(ge=0, le=24 * 3600, allow_inf_nan=False)]
Count = Annotated[int, Field(ge=0, le=10**12)]
VersionNumber = Annotated[int, Field(ge=1, le=MAX_VERSIONS)]


class LyricsSection(BaseModel):
    """One labelled part of a song's lyrics, with times in seconds when the API gives them."""

    model_config: ClassVar[ConfigDict] = ConfigDict(extra="allow", frozen=True)

    label: Lenient[str] = Field(
        None, validation_alias=AliasChoices("label", "section", "name", "title", "type")
    )
    text: Lenient[str] = Field(
        None, validation_alias=AliasChoices("text", "lyrics", "content", "lines")
    )
    start: Lenient[Seconds] = Field(
        None, validation_alias=AliasChoices("start", "start_time", "startTime", "begin")
    )
    end: Lenient[Seconds] = Field(
        None, validation_alias=AliasChoices("end", "end_time", "endTime", "stop")
    )


def parse_lyrics_sections(value: Any) -> list[LyricsSection]:
    """Any reasonable shape of ``lyrics_sections``; never raises."""
    if isinstance(value, dict):
        value = [{"label": key, "text": text} for key, text in value.items()]
    if not isinstance(value, list):
        return []
    sections: list[LyricsSection] = []
    for item in value:
        data = {"text": item} if isinstance(item, str) else item
        if not isinstance(data, dict):
            continue
        if isinstance(data.get("lines"), list):
            data = {**data, "lines": "\n".join(str(line) for line in data["lines"])}
        section = LyricsSection.model_validate(data)
        if section.text or section.label:
            sections.append(section)
    return sections


Sections = Annotated[list[LyricsSection], PlainValidator(parse_lyrics_sections)]


class StreamEvent(BaseModel):
    """Fields any event may carry. ``raw`` is the JSON object exactly as received."""

    model_config: ClassVar[ConfigDict] = ConfigDict(extra="allow", frozen=True)
    kind: ClassVar[str] = "unknown"

    status: Lenient[str] = None
    job_id: Lenient[JobId] = None
    message_id: Lenient[str] = None
    content: Lenient[str] = None
    chunk_index: Lenient[int] = Field(None, alias="chunkIndex")
    is_complete: Lenient[bool] = Field(None, alias="isComplete")
    # Set by the client, not the API: this event was rebuilt from a status poll.
    resumed: bool = Field(False, exclude=True)
    # Not validated: it is the parsed JSON object itself, kept as it came (copying it through
    # a dict validator cost as much as the fields).
    raw: SkipValidation[dict[str, Any]] = Field(default_factory=dict, exclude=True, repr=False)


class JobCreated(StreamEvent):
    kind: ClassVar[str] = "job_created"
    type: Lenient[str] = None


class Validated(StreamEvent):
    kind: ClassVar[str] = "validated"
    album_art: Lenient[str] = None
    song_name: Lenient[str] = None
    operation: Lenient[str] = None


class _VersionEvent(StreamEvent):
    version: Lenient[VersionNumber] = None


class Streaming(_VersionEvent):
    kind: ClassVar[str] = "streaming"
    task_id: Lenient[str] = None
    stream_url: Lenient[str] = None
    streaming_ready: Lenient[bool] = None


class Uploading(_VersionEvent):
    kind: ClassVar[str] = "uploading"


class VersionCompleted(_VersionEvent):
    kind: ClassVar[str] = "version_completed"
    audio_url: Lenient[str] = None
    audio_id: Lenient[str] = None
    audio_ready: Lenient[bool] = None
    duration: Lenient[Seconds] = None
    bpm: Lenient[Count] = None
    lyrics_sections: Sections = Field(default_factory=list)
    tokens: Lenient[Count] = None
    total_tokens: Lenient[Count] = Field(None, alias="totalTokens")


class JobCompleted(StreamEvent):
    kind: ClassVar[str] = "completed"
    operation: Lenient[str] = None
    total_versions: Lenient[VersionNumber] = None
    album_art: Lenient[str] = None
    song_name: Lenient[str] = None


class JobFailed(StreamEvent):
    kind: ClassVar[str] = "failed"
    error: Lenient[bool] = None
    detail: Lenient[str] = None


class UnknownEvent(StreamEvent):
    """An event this client does not understand; kept whole in ``raw``."""


class ClientNotice(BaseModel):
    """Not from the API: something the client did, told to its caller as an event."""

    model_config: ClassVar[ConfigDict] = ConfigDict(frozen=True)
    kind: ClassVar[str]

    @property
    def raw(self) -> dict[str, Any]:
        return {"type": self.kind, **self.model_dump()}


class Reconnecting(ClientNotice):
    """The stream broke and the client now follows the job by status."""

    kind: ClassVar[str] = "reconnecting"
    job_id: str
    reason: str


class Retrying(ClientNotice):
    """The API was unavailable before any job existed, so the request is sent again after
    ``delay`` seconds (it cannot have been charged)."""

    kind: ClassVar[str] = "retrying"
    delay: float
    reason: str


class Quiet(ClientNotice):
    """The stream has sent nothing for ``silent_for`` seconds; if it stays quiet until
    ``follow_after`` seconds, the client follows the job by status instead."""

    kind: ClassVar[str] = "quiet"
    silent_for: float
    follow_after: float


AnyEvent = (
    JobCreated
    | Validated
    | Streaming
    | Uploading
    | VersionCompleted
    | JobCompleted
    | JobFailed
    | UnknownEvent
)
ClientEvent = AnyEvent | Reconnecting | Retrying | Quiet


_BY_STATUS: dict[str, type[AnyEvent]] = {
    "validated": Validated,
    "streaming": Streaming,
    "uploading": Uploading,
}


def event_class(data: dict[str, Any]) -> type[AnyEvent]:
    """Which model an event's JSON object is, from its ``status``, ``type`` and flags."""
    status = data.get("status")
    if status is not None and not isinstance(status, str):
        status = ""  # a list or an object is a status never seen, not a reason to fail
    if status in {None, "processing"} and (data.get("type") == "job_created" or data.get("job_id")):
        return JobCreated
    if status == "failed" or data.get("error") is True:
        return JobFailed
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    if status == "completed":
        if data.get("isComplete") is True or "total_versions" in data:
            return JobCompleted
        return VersionCompleted
    return UnknownEvent


def parse_event(data: dict[str, Any], *, resumed: bool = False) -> AnyEvent:
    """Parse one event's JSON object; never raises."""
    cls = event_class(data)
    event = cls.model_validate({**data, "resumed": resumed, "raw": data})
    if cls is UnknownEvent:
        log.debug("unknown stream event status=%r keys=%s", data.get("status"), sorted(data))
    elif event.model_extra:
        log.debug("%s event has unknown fields %s", cls.kind, sorted(event.model_extra))
    return event
