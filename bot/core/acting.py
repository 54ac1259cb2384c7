"""What every use case takes and gives back, whatever the front end (a Discord command or
button today, a web page tomorrow): who acts, where, and why not. Plain values: no Discord
here; a front end turns its own request into an :class:`Actor` and a :class:`Place`, and an
outcome into its own reply."""

from __future__ import annotations

from dataclasses import dataclass


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
