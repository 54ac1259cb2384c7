"""The /help answer. Pure: what the member may do here in, an embed out."""

from __future__ import annotations

from typing import Protocol

import discord

from bot.core.embeds import bounded
from bot.core.formatting import link
from bot.core.i18n import ENGLISH, Words

COLOUR = discord.Colour.teal()

COMMANDS = (
    (
        "/song",
        (
            "make a song from a prompt, lyrics or audio: one message shows every stage, then "
            "the cover, both versions playable here, and the lyrics"
        ),
    ),
    (
        "/songs history · show · status · queue",
        "your recent songs; post a finished one again; where a song is; what waits for its turn",
    ),
    ("/jam start", "write a song's lyrics together in a thread, then make it, credited to all"),
    (
        "/challenge start · show · leaderboard",
        "a song challenge: a theme, entries, a fair vote, a podium and a season leaderboard",
    ),
    (
        "/listen song · session · challenge · radio",
        (
            "a listening party in your voice channel: one song, a session's songs, a challenge's"
            " entries or the server's newest, with Pause, Skip, Stop and Queue"
        ),
    ),
    ("/usage", "your songs and what is left of your limits"),
    (
        "/songadmin",
        (
            "limits, token budgets, the queue, channels, blocks, time zone, session and challenge"
            " rules, usage (moderators)"
        ),
    ),
)


class YourLimits(Protocol):
    """This server's limits as they apply to the member asking (the usage feature's
    ``Allowance``)."""

    @property
    def daily(self) -> int | None: ...

    @property
    def left_today(self) -> int | None: ...

    @property
    def cooldown_seconds(self) -> int | None: ...

    @property
    def concurrent(self) -> int | None: ...

    @property
    def channels(self) -> frozenset[int]:
        """Where /song works; empty: everywhere."""
        ...

    @property
    def blocked(self) -> bool: ...


def help_embed(
    limits: YourLimits,
    manual_url: str | None,
    buttons: str,
    words: Words = ENGLISH,
    *,
    gallery: str | None = None,
    budgets: str = "",
) -> discord.Embed:
    """In the member's words (only they see it); ``buttons``: what the buttons under a song
    do (the songs feature's table says); ``gallery``: the server's web gallery, while on;
    ``budgets``: where the member's weekly, monthly and token budgets stand (the usage
    feature's lines, in their words)."""
    embed = discord.Embed(
        title="songbot",
        description=words("Makes songs with Soundverse, alone or together, right here in Discord."),
        colour=COLOUR,
    )
    embed.add_field(
        name=words("Commands"),
        value="\n".join(f"**{name}**: {words(what)}" for name, what in COMMANDS),
        inline=False,
    )
    embed.add_field(name=words("Buttons"), value=words(buttons), inline=False)
    yours = _limits(limits, words)
    if budgets and not limits.blocked:
        yours += "\n" + budgets
    embed.add_field(name=words("Your limits here"), value=yours[:1024], inline=False)
    if gallery:
        shown = link(words("This server's songs, on the web"), gallery)
        embed.add_field(name=words("Gallery"), value=shown, inline=False)
    if manual_url:
        manual = link(words("The full manual"), manual_url)
        embed.add_field(name=words("Manual"), value=manual, inline=False)
    return bounded([embed])[0]


def _limits(limits: YourLimits, words: Words) -> str:
    if limits.blocked:
        return words("A moderator has paused your song-making on this server.")
    lines = []
    if limits.daily is None:
        lines.append(words("No daily limit"))
    else:
        left, daily = limits.left_today, limits.daily
        lines.append(words("{left} of {daily} songs left today", left=left, daily=daily))
    if limits.cooldown_seconds:
        lines.append(words("{seconds} s between songs", seconds=limits.cooldown_seconds))
    if limits.concurrent is not None:
        lines.append(words("{count} songs in progress at once", count=limits.concurrent))
    if limits.channels:
        where = ", ".join(f"<#{c}>" for c in sorted(limits.channels)[:10])
        lines.append(words("/song works in {channels}", channels=where))
    return "\n".join(lines)
