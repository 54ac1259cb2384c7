"""A server's rules for lyric sessions, changed by who may manage the server (``/songadmin
jam`` today, a web dashboard next): plain values in, the rules now in force (or why not) out,
the change in the settings log. No Discord here."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from bot.core.acting import Actor, Place, Refusal
from bot.features.jam.rules import Rules, describe_change
from bot.store.jams import JamRepository
from bot.store.settings_log import via

log = logging.getLogger(__name__)

MANAGERS_ONLY = Refusal("Only moderators (Manage Server) can change the rules for sessions.")


class SessionSettings:
    def __init__(self, repo: JamRepository, *, front_end: str | None = None) -> None:
        self._repo = repo
        self._front_end = front_end  # None: Discord; "web": the dashboard (in the log)

    async def change(
        self, actor: Actor, where: Place, changes: Mapping[str, int | float | None]
    ) -> Rules | Refusal:
        """Store ``changes`` (a setting's column and its value; None: back to the default),
        then the server's rules; with no changes, just the rules."""
        if not actor.manages_server:
            return MANAGERS_ONLY
        guild_id = where.guild_id
        if changes:
            change = via(f"sessions: {describe_change(dict(changes))}", self._front_end)
            await self._repo.set_settings(
                guild_id, dict(changes), by=actor.member_id, change=change
            )
            log.info("server %s: %s changed a setting: %s", guild_id, actor.member_id, change)
        return Rules.of(await self._repo.settings(guild_id))
