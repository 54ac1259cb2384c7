"""What the Discord stand-in records and answers with: files uploaded, REST calls made,
interactions started, and a refusal (Discord's error answer)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

EPHEMERAL = 64  # the flag of a message only its member sees


@dataclass
class UploadedFile:
    field: str
    filename: str
    content_type: str
    data: bytes


@dataclass
class Call:
    method: str
    route: str  # template, e.g. "PATCH /webhooks/{app}/{token}/messages/{message}"
    path: str
    json: Any
    files: list[UploadedFile]
    status: int = 0
    at: float = field(default_factory=time.monotonic)  # when the whole request was in
    began: float = 0.0  # when its headers arrived (``at - began`` is the upload time)


@dataclass
class Interaction:
    id: str
    token: str
    kind: int  # 2 a command, 3 a component click, 4 autocomplete, 5 a modal submit
    channel_id: str
    created: float
    user: dict[str, Any] = field(default_factory=dict)
    message_id: str | None = None  # the message a clicked component sits on
    original_id: str | None = None  # the message the bot answered with
    modal: dict[str, Any] | None = None
    responded: bool = False
    followups: list[str] = field(default_factory=list)
    choices: list[dict[str, Any]] | None = None  # an autocomplete's answer
    trigger: Interaction | None = None  # a modal submit's: the interaction that opened it


class Refusal(Exception):  # noqa: N818 - an answer, not a bug
    """Discord's answer to a request it will not carry out: status, JSON error code, text."""

    def __init__(self, status: int, code: int, message: str, errors: list[str] | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.errors = status, code, message, errors
