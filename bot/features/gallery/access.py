"""Who may see a server's gallery and hide its songs: the gallery's rules, in one place.

A viewer is what Discord's login told about them (their id, and the servers they are in with
their permissions there); an anonymous visitor is no viewer at all.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

# Discord's permission bits: a moderator of a server manages it (or administers it).
ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5


class Visibility(enum.StrEnum):
    """Who sees a server's gallery; the words of ``/songadmin gallery`` and of the store."""

    OFF = "off"  # nobody (the default)
    MEMBERS = "members"  # the server's members, logged in
    PUBLIC = "public"  # everyone, logged in or not

    @classmethod
    def of(cls, stored: str) -> Visibility:
        try:
            return cls(stored)
        except ValueError:
            return cls.OFF  # a word this version does not know shows nothing


@dataclass(frozen=True, slots=True)
class Seat:
    """A viewer's place in one server: its name, and their permissions there."""

    name: str
    permissions: int = 0

    @property
    def moderates(self) -> bool:
        return bool(self.permissions & (ADMINISTRATOR | MANAGE_GUILD))


@dataclass(frozen=True, slots=True)
class Viewer:
    user_id: int
    name: str
    seats: dict[int, Seat] = field(default_factory=dict)  # server id -> their seat there

    @classmethod
    def member(cls, user_id: int, name: str, guild_id: int, *, moderator: bool) -> Viewer:
        """A member acting in one server, as Discord told the bot (a button under a song)."""
        return cls(user_id, name, {guild_id: Seat("", MANAGE_GUILD if moderator else 0)})


class Access(enum.Enum):
    ALLOWED = "allowed"
    LOGIN = "login"  # not for anonymous visitors: logging in may help
    NOT_FOUND = "not found"  # nothing to see here, said the same way whether it exists or not


def access(visibility: Visibility, viewer: Viewer | None, guild_id: int) -> Access:
    """Whether ``viewer`` sees the server's gallery. A gallery that is off, or for members
    of a server the viewer is not in, is "not found": its existence is not told either."""
    if visibility is Visibility.PUBLIC:
        return Access.ALLOWED
    if visibility is Visibility.MEMBERS:
        if viewer is None:
            return Access.LOGIN
        return Access.ALLOWED if guild_id in viewer.seats else Access.NOT_FOUND
    return Access.NOT_FOUND if viewer is not None else Access.LOGIN


def may_hide(viewer: Viewer | None, guild_id: int, author_id: int) -> bool:
    """A member hides their own songs; a moderator of the server hides any."""
    if viewer is None or guild_id not in viewer.seats:
        return False
    return viewer.user_id == author_id or viewer.seats[guild_id].moderates
