"""What every use case takes and gives back, whatever the front end (a Discord command or
button today, a web page tomorrow): who acts, and why not. Plain values: no Discord here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Actor:
    """The member acting, as the use cases need them."""

    member_id: int
    name: str  # as the server shows them (not escaped: whoever shows it escapes it)
    role_ids: frozenset[int] = frozenset()
    moderator: bool = False  # may manage others' songs and sessions here
    locale: str | None = None  # the member's own language, for what only they read


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why not, in one sentence for the member (a ``Said`` where it has figures in it)."""

    text: str
