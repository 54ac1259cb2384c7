"""What every use case takes and gives back, whatever the front end (a Discord command or
button today, a web page tomorrow): who acts, where, and why not. Plain values: no Discord
here; a front end turns its own request into an :class:`Actor` and a :class:`Place`, and an
outcome into its own reply."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

Then = Callable[[], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Actor:
    """A member, as the use cases need them: the one acting, or one picked (a new host)."""

    member_id: int
    name: str  # as the server shows them (not escaped: whoever shows it escapes it)
    role_ids: frozenset[int] = frozenset()
    # May manage others' songs and sessions here (on Discord: Manage Messages or Manage Server).
    moderator: bool = False
    # May change the server's settings and see anyone's usage (on Discord: Manage Server).
    manages_server: bool = False
    locale: str | None = None  # the member's own language, for what only they read
    bot: bool = False
    # When they joined the server, in unix seconds (on Discord: sent with every interaction),
    # for rules on how long a member must have been here; None where it is not known.
    joined_at: float | None = None


@dataclass(frozen=True, slots=True)
class Place:
    """Where: the server, the channel (or thread), and the server's language (what is said
    in public there is in it)."""

    guild_id: int
    channel_id: int
    locale: str | None = None


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why not, in one sentence for the member alone: English, or a ``Said`` where it has
    figures in it, that the front end says in the member's words."""

    text: str


@dataclass(frozen=True, slots=True)
class Done:
    """What was done, in a sentence for the member alone (English, or a ``Said``); then, once
    they have their answer, what others see (``then``: the front end runs it after replying)."""

    text: str
    then: Then | None = None
