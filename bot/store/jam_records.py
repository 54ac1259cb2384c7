"""What the session repository (:mod:`bot.store.jams`) reads and returns: plain records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class JamSession:
    id: int
    guild_id: int
    channel_id: int
    thread_id: int | None
    sheet_id: int | None
    host_id: int
    host_name: str
    title: str
    style: str | None
    mode: str
    state: str
    revealed: bool
    turn_user_id: int | None
    turn_deadline: float | None
    created_at: float
    active_at: float
    ended_at: float | None
    end_reason: str | None
    locale: str | None = None  # the language of its sheet and thread messages


@dataclass(frozen=True, slots=True)
class JamLine:
    id: int
    session_id: int
    section: str
    position: int
    text: str
    author_id: int
    author_name: str
    status: str
    message_id: int | None
    created_at: float


@dataclass(frozen=True, slots=True)
class JamMember:
    user_id: int
    name: str
    seat: int
    joined: bool


@dataclass(frozen=True, slots=True)
class JamSettings:
    """A server's stored rules; None where it keeps the default."""

    starter_role_id: int | None = None
    max_open: int | None = None
    lines_per_member: int | None = None
    line_chars: int | None = None
    sheet_chars: int | None = None
    lines_per_minute: int | None = None
    idle_hours: float | None = None
    turn_minutes: float | None = None


@dataclass(frozen=True, slots=True)
class NewLine:
    """A line to write at the end of its section."""

    session_id: int
    section: str
    text: str
    author_id: int
    author_name: str
    status: str  # live, or pending (waiting for approval)
    now: float


@dataclass(frozen=True, slots=True)
class NewSession:
    guild_id: int
    channel_id: int
    host_id: int
    host_name: str
    title: str
    style: str | None
    mode: str
    now: float
    locale: str | None = None


def session_of(row: Any) -> JamSession:
    values = list(row)
    values[11] = bool(values[11])
    return JamSession(*values)
