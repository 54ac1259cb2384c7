"""A moderator's use cases: showing and changing a server's song settings (limits, the queue's
mode and sizes, role limits, channels, blocks, the time zone).

Plain values in (who acts, on which server, what), a :class:`Refusal` or what changed out,
whichever front end asks (``/songadmin`` today, a web dashboard next): each applies the same
checks and writes the same settings log (who, what, on which server). No Discord here; a
mention in a summary is plain text (``<@id>``), which Discord shows as a name.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Concatenate, ParamSpec, TypeVar

from bot.core.acting import Actor, Place, Refusal
from bot.features.moderation import texts
from bot.features.moderation.limits import Limit, columns, describe, from_command, given
from bot.features.moderation.log_channel import LogChannelSettings
from bot.features.moderation.outcomes import MODERATORS_ONLY, Changed
from bot.features.moderation.timezones import valid_timezone
from bot.store.moderation import Block, LogEntry, ModerationRepository
from bot.store.records import DEFAULT_ESTIMATE, WEEKDAYS, BudgetKey, Policy, QueueMode

__all__ = [  # Changed and MODERATORS_ONLY are every use case's, here as before
    "GALLERY_VISIBILITIES",
    "MODERATORS_ONLY",
    "Changed",
    "ServerSettings",
    "Settings",
    "moderators_only",
]

log = logging.getLogger(__name__)


P = ParamSpec("P")
R = TypeVar("R")
UseCase = Callable[Concatenate["ServerSettings", Actor, Place, P], Awaitable[R]]


def moderators_only(use_case: UseCase[P, R]) -> UseCase[P, R | Refusal]:
    """The rule of every use case here: only who may manage the server acts (else
    :data:`MODERATORS_ONLY`)."""

    @functools.wraps(use_case)
    async def checked(
        settings: ServerSettings, actor: Actor, where: Place, /, *args: P.args, **kwargs: P.kwargs
    ) -> R | Refusal:
        if not actor.manages_server:
            return MODERATORS_ONLY
        return await use_case(settings, actor, where, *args, **kwargs)

    return checked


GALLERY_VISIBILITIES = ("off", "members", "public")


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a moderator sees of a server's settings."""

    policy: Policy
    blocks: list[Block]
    recent_changes: list[LogEntry]


class ServerSettings:
    def __init__(
        self,
        repository: ModerationRepository,
        *,
        settings_changed: Callable[[int], Awaitable[None]],
    ) -> None:
        self._repository = repository
        # the queue, told when a server's limits or queue settings change (songs may move)
        self._settings_changed = settings_changed
        self.log_channel = LogChannelSettings(repository)  # the moderators' log (/songadmin log)

    @moderators_only
    async def show(
        self,
        actor: Actor,  # noqa: ARG002 - moderators_only reads it
        where: Place,
    ) -> Settings:
        repository, guild_id = self._repository, where.guild_id
        async with repository.reading() as connection:
            return Settings(
                await repository.policy(guild_id, connection=connection),
                await repository.blocks(guild_id, connection=connection),
                await repository.recent_changes(guild_id, connection=connection),
            )

    @moderators_only
    async def set_limits(
        self, actor: Actor, where: Place, options: Mapping[Limit, int | None]
    ) -> Changed | Refusal:
        """``options``: each limit given (0 removes it), or None where not given."""
        changes = given(options)
        if not changes:
            return Refusal(texts.NOTHING_TO_CHANGE)
        wording = describe(changes)
        await self._repository.set_limits(
            where.guild_id, actor.member_id, columns(changes), wording
        )
        await self._settings_changed(where.guild_id)
        return _changed(actor, where, f"Limits updated: {wording}.")

    @moderators_only
    async def set_queue(
        self,
        actor: Actor,
        where: Place,
        *,
        mode: QueueMode | None = None,
        member_waiting: int | None = None,
        server_waiting: int | None = None,
        paused: bool | None = None,
    ) -> Changed:
        """The queue beyond the caps: its mode, its sizes (0: no limit), a pause. The summary
        lists what changed, "; " between; empty when nothing was given."""
        sizes = given({Limit.MEMBER_WAITING: member_waiting, Limit.SERVER_WAITING: server_waiting})
        wording = describe(sizes)
        said = [texts.queue_mode(mode)] if mode else []
        said += [wording] if sizes else []
        said += [texts.queue_paused(paused=paused)] if paused is not None else []
        repository, guild_id, by = self._repository, where.guild_id, actor.member_id
        if said:
            async with repository.changing(guild_id) as connection:
                if sizes:
                    await repository.set_limits(
                        guild_id, by, columns(sizes), wording, connection=connection
                    )
                if mode is not None or paused is not None:
                    await repository.set_queue(
                        guild_id,
                        by,
                        mode=mode,
                        paused=paused,
                        describe="; ".join(said),
                        connection=connection,
                    )
        await self._settings_changed(guild_id)
        return _changed(actor, where, "; ".join(said))

    @moderators_only
    async def set_role_limit(
        self, actor: Actor, where: Place, role_id: int, daily: int | None, *, clear: bool = False
    ) -> Changed:
        """A role's own daily limit per member (0 or None: unlimited), or, with ``clear``, none:
        its members follow the server's limit again."""
        guild_id, by, role = where.guild_id, actor.member_id, f"<@&{role_id}>"
        if clear:
            removed = await self._repository.clear_role_limit(
                guild_id, by, role_id, texts.role_cleared(role_id)
            )
            if not removed:
                return _changed(actor, where, f"{role} had no limit of its own.")
            return _changed(actor, where, f"{role} follows the server's limit again.")
        limit = from_command(daily or 0)
        await self._repository.set_role_limit(
            guild_id, by, role_id, limit, texts.role_limit(role_id, limit)
        )
        shown = "unlimited" if limit is None else f"{limit} a day"
        return _changed(actor, where, f"Members with {role} can now make songs: {shown}.")

    @moderators_only
    async def set_channel(
        self, actor: Actor, where: Place, channel_id: int, *, allowed: bool
    ) -> Changed:
        """Add a channel to the ones where songs are made (with none, all are), or take it off."""
        await self._repository.set_channel(
            where.guild_id,
            actor.member_id,
            channel_id,
            allowed=allowed,
            describe=texts.channel(channel_id, allowed=allowed),
        )
        verb = "is now allowed" if allowed else "is no longer on the allowed list"
        return _changed(actor, where, f"<#{channel_id}> {verb}.")

    @moderators_only
    async def block(
        self, actor: Actor, where: Place, member_id: int, reason: str | None
    ) -> Changed:
        """Pause a member's song-making on the server (``reason`` is kept in the log)."""
        await self._repository.block(
            where.guild_id, actor.member_id, member_id, reason, texts.blocked(member_id, reason)
        )
        return _changed(actor, where, f"<@{member_id}> can no longer make songs here.")

    @moderators_only
    async def unblock(self, actor: Actor, where: Place, member_id: int) -> Changed:
        done = await self._repository.unblock(
            where.guild_id, actor.member_id, member_id, texts.unblocked(member_id)
        )
        said = f"<@{member_id}> can make songs again." if done else "They were not paused."
        return _changed(actor, where, said)

    @moderators_only
    async def set_gallery(self, actor: Actor, where: Place, visibility: str) -> Changed | Refusal:
        """Who sees the server's songs on the web: off, members (logged in) or public."""
        if visibility not in GALLERY_VISIBILITIES:
            return Refusal(texts.UNKNOWN_VISIBILITY)
        await self._repository.set_gallery(where.guild_id, actor.member_id, visibility)
        return _changed(actor, where, f"The web gallery is now {visibility}.")

    @moderators_only
    async def set_timezone(
        self, actor: Actor, where: Place, name: str | None, *, week_start: int | None = None
    ) -> Changed | Refusal:
        """Where the server's day starts (an IANA name, like ``Europe/Paris``), and the day its
        week starts on (0 Monday … 6 Sunday): either or both."""
        if name is not None and not valid_timezone(name):
            return Refusal(texts.UNKNOWN_TIMEZONE)
        if week_start is not None and week_start not in range(7):
            return Refusal(texts.NO_CALENDAR_CHANGE)
        if name is None and week_start is None:
            return Refusal(texts.NO_CALENDAR_CHANGE)
        said = []
        repository, guild_id, by = self._repository, where.guild_id, actor.member_id
        async with repository.changing(guild_id) as connection:
            if name is not None:
                await repository.set_timezone(
                    guild_id, by, name, texts.timezone(name), connection=connection
                )
                said.append(f"Days now start at midnight in {name}.")
            if week_start is not None:
                await repository.budgets.set_week_start(
                    guild_id, by, week_start, texts.week_start(week_start), connection=connection
                )
                said.append(f"Weeks now start on {WEEKDAYS[week_start]}.")
        return _changed(actor, where, " ".join(said))

    @moderators_only
    async def set_budget(
        self, actor: Actor, where: Place, key: BudgetKey, tokens: int | None, *, clear: bool = False
    ) -> Changed | Refusal:
        """A token budget: the server's, each member's, or a role's per member (the most
        generous of a member's roles wins). ``tokens`` 0 removes a server's or members' budget
        and makes a role's members unlimited; ``clear`` removes a role's own budget."""
        if (key.scope == "role") != bool(key.role_id):
            return Refusal(
                texts.ROLE_NEEDED if key.scope == "role" else texts.ROLE_ONLY_WITH_ROLE_SCOPE
            )
        budgets, guild_id, by = self._repository.budgets, where.guild_id, actor.member_id
        if clear or (tokens == 0 and key.scope != "role"):
            removed = await budgets.clear_budget(guild_id, by, key, texts.budget_cleared(key))
            said = "is removed" if removed else "was not set"
            return _changed(actor, where, f"The {texts.budget_name(key)} {said}.")
        if tokens is None or tokens < 0:
            return Refusal(texts.NO_TOKENS)
        amount = from_command(tokens)
        await budgets.set_budget(guild_id, by, key, amount, texts.budget(key, amount))
        shown = "unlimited" if amount is None else f"{amount:,} tokens"
        return _changed(actor, where, f"The {texts.budget_name(key)} is now {shown}.")

    @moderators_only
    async def set_estimate(self, actor: Actor, where: Place, tokens: int) -> Changed | Refusal:
        """What a song is reckoned to cost before the server has completed songs of its own
        (0: the bot's default)."""
        if tokens < 0:
            return Refusal(texts.NO_TOKENS)
        figure = from_command(tokens)
        await self._repository.budgets.set_estimate(
            where.guild_id, actor.member_id, figure, texts.estimate(figure)
        )
        shown = f"{figure:,} tokens" if figure else f"the default, {DEFAULT_ESTIMATE:,} tokens"
        said = f"Until this server has completed songs of its own, a song is reckoned at {shown}."
        return _changed(actor, where, said)


def _changed(actor: Actor, where: Place, summary: str) -> Changed:
    log.info("server %s: %s changed a setting: %s", where.guild_id, actor.member_id, summary)
    return Changed(summary)
