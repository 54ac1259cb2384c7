"""The link that adds the bot to a server, with exactly the permissions it uses."""

from __future__ import annotations

import discord

SCOPES = ("bot", "applications.commands")


def needed_permissions() -> discord.Permissions:
    """View channels, send messages (and in threads), embed links, attach files, read history;
    start public threads (a /jam session lives in one) and manage threads (to archive and
    lock a session's thread when it ends); connect and speak in voice channels (a listening
    party joins its member's voice channel and plays there)."""
    return discord.Permissions(
        view_channel=True,
        send_messages=True,
        send_messages_in_threads=True,
        create_public_threads=True,
        manage_threads=True,
        embed_links=True,
        attach_files=True,
        read_message_history=True,
        connect=True,
        speak=True,
    )


def invite_url(application_id: int) -> str:
    return discord.utils.oauth_url(application_id, permissions=needed_permissions(), scopes=SCOPES)
