"""The bot's features, one extension module each (loaded by ``bot.app.bot.SongBot``)."""

from __future__ import annotations

from typing import Any

from discord import app_commands
from discord.ext import commands


def join_songadmin(bot: commands.Bot, *made: app_commands.Command[Any, Any, None]) -> None:
    """A feature's own ``/songadmin`` commands, added to the moderators' group (defined in
    ``moderation.py``, loaded before) as the feature's extension loads."""
    admin = bot.tree.get_command("songadmin")
    if isinstance(admin, app_commands.Group):
        for command in made:
            admin.add_command(command)


def leave_songadmin(bot: commands.Bot, *names: str) -> None:
    admin = bot.tree.get_command("songadmin")
    if isinstance(admin, app_commands.Group):
        for name in names:
            admin.remove_command(name)
