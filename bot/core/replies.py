"""Answering a member privately, and the server of an interaction: the small things every
feature does on Discord."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from collections.abc import AsyncIterator, Awaitable, Sequence
from typing import TypeVar

import discord

from bot.core.acting import Actor, Place, Refusal
from bot.core.errors import DATABASE_DOWN, DatabaseUnavailable, apology, report_unexpected
from bot.core.i18n import localized, members_words, servers_words

log = logging.getLogger(__name__)

NO_PINGS = discord.AllowedMentions.none()
ANSWER_WITHIN = 2.0  # seconds after an interaction to acknowledge it by (Discord allows 3)

T = TypeVar("T")


async def in_time(
    interaction: discord.Interaction,
    work: Awaitable[T],
    *,
    ephemeral: bool = True,
) -> T:
    """``work``'s result. Discord drops an interaction not answered within 3 seconds, so when
    ``work`` is not done :data:`ANSWER_WITHIN` seconds after the interaction (a busy bot),
    the interaction is acknowledged first ("songbot is thinking…"); :func:`reply_privately`
    then follows up."""
    task = asyncio.ensure_future(work)
    age = (discord.utils.utcnow() - interaction.created_at).total_seconds()
    done, _ = await asyncio.wait({task}, timeout=max(0.0, ANSWER_WITHIN - age))
    if not done and not interaction.response.is_done():
        try:
            await interaction.response.defer(thinking=True, ephemeral=ephemeral)
        except BaseException:
            task.cancel()
            raise
    return await task


async def reply_privately_in_time(
    interaction: discord.Interaction,
    work: Awaitable[Refusal | tuple[discord.Embed, discord.File]],
) -> None:
    """A private answer that may take long to make (figures drawn as a chart): ``work``'s
    embed and file, or why not, acknowledged in time (see :func:`in_time`)."""
    answer = await in_time(interaction, work)
    if isinstance(answer, Refusal):
        await reply_privately(interaction, answer.text)
        return
    embed, file = answer
    await reply_privately(interaction, embeds=[embed], files=[file])


async def reply_privately(
    interaction: discord.Interaction,
    text: str | None = None,
    *,
    embeds: Sequence[discord.Embed] = (),
    files: Sequence[discord.File] = (),
) -> None:
    """Tell only the member (in their language where a catalog has the text), whether or not
    the interaction was answered yet."""
    text = localized(interaction, text) if text else text
    if interaction.response.is_done():
        await interaction.followup.send(
            text or discord.utils.MISSING,
            embeds=list(embeds),
            files=list(files),
            ephemeral=True,
            allowed_mentions=NO_PINGS,
        )
        return
    await interaction.response.send_message(
        text, embeds=list(embeds), files=list(files), ephemeral=True, allowed_mentions=NO_PINGS
    )


async def apologise(interaction: discord.Interaction, error: BaseException, where: str) -> None:
    """The one answer to an unexpected error: its traceback logged under a new id, and a short
    apology with that id for the member (whether or not the interaction was answered yet).
    The database being out of reach is no bug: the member is told so, the log gets one line."""
    if isinstance(error, DatabaseUnavailable):
        log.warning("%s: the database is out of reach (%s)", where, error)
        await tell_privately(interaction, members_words(interaction)(DATABASE_DOWN))
        return
    error_id = report_unexpected(error, where)
    await tell_privately(interaction, apology(error_id, members_words(interaction)))


@contextlib.asynccontextmanager
async def apologising(interaction: discord.Interaction, where: str) -> AsyncIterator[None]:
    """Run a button's or a form's work; an unexpected error becomes :func:`apologise`."""
    try:
        yield
    except Exception as exc:  # noqa: BLE001 - the member gets an error id, the log the rest
        await apologise(interaction, exc, where)


async def tell_privately(interaction: discord.Interaction, text: str) -> None:
    """:func:`reply_privately`, for an answer that must not fail in turn (Discord refusing
    it, or the interaction having expired, is logged)."""
    try:
        await reply_privately(interaction, text)
    except discord.HTTPException as exc:
        log.warning("could not answer an interaction privately: %s", exc)


def member_of(user: discord.abc.User) -> Actor:
    """A member as the use cases take them, without what they may do here (someone picked in
    a menu, or the member whose usage is asked for)."""
    roles = frozenset(role.id for role in getattr(user, "roles", []))
    return Actor(user.id, user.display_name, roles, bot=user.bot)


def actor_of(interaction: discord.Interaction) -> Actor:
    """Who acts in ``interaction``, as the use cases take them, with what they may do here."""
    permissions = interaction.permissions
    joined = getattr(interaction.user, "joined_at", None)  # a Member's; a User has none
    return dataclasses.replace(
        member_of(interaction.user),
        moderator=permissions.manage_messages or permissions.manage_guild,
        manages_server=permissions.manage_guild,
        locale=interaction.locale.value,
        joined_at=joined.timestamp() if joined is not None else None,
    )


def place_of(interaction: discord.Interaction) -> Place:
    """Where ``interaction`` happens, with the server's language (what its public messages
    will be in)."""
    locale = servers_words(interaction).locale
    return Place(interaction.guild_id or 0, interaction.channel_id or 0, locale)


def who_and_where(interaction: discord.Interaction) -> tuple[Actor, Place]:
    """:func:`actor_of` and :func:`place_of`: what most use cases take first."""
    return actor_of(interaction), place_of(interaction)


def guild_of(interaction: discord.Interaction) -> discord.Guild:
    """The server of a server-only command's interaction."""
    if interaction.guild is None:  # pragma: no cover - guild_only commands
        raise discord.app_commands.NoPrivateMessage
    return interaction.guild


def guild_id_of(interaction: discord.Interaction) -> int:
    if interaction.guild_id is None:  # pragma: no cover - guild_only commands
        raise discord.app_commands.NoPrivateMessage
    return interaction.guild_id
