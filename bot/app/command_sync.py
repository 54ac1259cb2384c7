"""Registering slash commands with Discord, only when needed.

With a development guild set, commands go to that guild (instant, for testing). Otherwise
they are synced globally only when the command tree differs from the last one synced (its
fingerprint is kept beside the database), or when forced with ``songbot sync-commands``.
Syncing on every start would spend a rate-limited call for nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

import discord
from discord import app_commands

log = logging.getLogger(__name__)


async def tree_fingerprint(tree: app_commands.CommandTree[discord.Client]) -> str:
    """What would be sent to Discord, translations included."""
    translator = tree.translator
    payload = [
        await command.get_translated_payload(tree, translator) if translator
        else command.to_dict(tree)
        for command in tree.get_commands()
    ]  # fmt: skip
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


async def sync_commands(
    tree: app_commands.CommandTree[discord.Client],
    *,
    dev_guild_id: int | None,
    fingerprint_file: Path,
    force: bool = False,
) -> str:
    """Sync as the policy says; returns what was done: "guild", "global" or "unchanged"."""
    if dev_guild_id is not None:
        guild = discord.Object(dev_guild_id)
        tree.copy_global_to(guild=guild)
        synced = await tree.sync(guild=guild)
        log.info("synced %d commands to development guild %s", len(synced), dev_guild_id)
        return "guild"
    fingerprint = await tree_fingerprint(tree)
    if not force and _read(fingerprint_file) == fingerprint:
        log.info("slash commands unchanged since the last sync")
        return "unchanged"
    synced = await tree.sync()
    _write(fingerprint_file, fingerprint)
    log.info("synced %d commands globally (they can take a while to show)", len(synced))
    return "global"


def _write(path: Path, fingerprint: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(fingerprint + "\n")


def _read(path: Path) -> str | None:
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        return None
