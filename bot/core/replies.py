"""Answering a member privately, and the server of an interaction: the small things every
feature does on Discord."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Sequence

import discord

from bot.core.acting import Actor
from bot.core.errors import apology, report_unexpected
from bot.core.i18n import localized, members_words
from bot.core.outcomes import Actor as ServerActor

log = logging.getLogger(__name__)

NO_PINGS = discord.AllowedMentions.none()


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
    apology with that id for the member (whether or not the interaction was answered yet)."""
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


def is_moderator(interaction: discord.Interaction) -> bool:
    """Whoever may manage others' songs and sessions here: Manage Messages or Manage Server."""
    permissions = interaction.permissions
    return permissions.manage_messages or permissions.manage_guild


def actor_of(interaction: discord.Interaction) -> Actor:
    """Who acts in ``interaction``, as the use cases take them."""
    user = interaction.user
    return Actor(
        user.id,
        user.display_name,
        frozenset(role.id for role in getattr(user, "roles", [])),
        moderator=is_moderator(interaction),
        locale=interaction.locale.value,
    )


def guild_of(interaction: discord.Interaction) -> discord.Guild:
    """The server of a server-only command's interaction."""
    if interaction.guild is None:  # pragma: no cover - guild_only commands
        raise discord.app_commands.NoPrivateMessage
    return interaction.guild


def guild_id_of(interaction: discord.Interaction) -> int:
    if interaction.guild_id is None:  # pragma: no cover - guild_only commands
        raise discord.app_commands.NoPrivateMessage
    return interaction.guild_id


def server_actor_of(interaction: discord.Interaction) -> ServerActor:
    """Who acts, as the settings and usage use cases take it: a moderator is who may manage
    the server."""
    return ServerActor(
        member_id=interaction.user.id,
        guild_id=guild_id_of(interaction),
        moderator=interaction.permissions.manage_guild,
        locale=interaction.locale.value,
        role_ids=frozenset(role.id for role in getattr(interaction.user, "roles", [])),
    )
