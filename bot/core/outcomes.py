"""What every use case takes and gives, whichever front end calls it (Discord's commands
today, a web page tomorrow): who acts and where, in; a :class:`Refusal`, or what was done, out.

No Discord here: a front end turns its own request into an :class:`Actor` and the outcome into
its own reply.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts, and on which server."""

    member_id: int
    guild_id: int
    # May change the server's settings and see anyone's usage (on Discord: Manage Server).
    moderator: bool = False
    locale: str | None = None  # the member's language, for the words of the reply
    role_ids: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why not, for the member: English, or a :class:`bot.core.i18n.Said` that the front end
    says in the member's words."""

    message: str
