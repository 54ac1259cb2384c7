"""The /help answer. Pure: what the member may do here in, an embed out."""

from __future__ import annotations

from dataclasses import dataclass

import discord

from bot.core.embeds import bounded
from bot.core.formatting import link
from bot.core.i18n import ENGLISH, Words

COLOUR = discord.Colour.teal()

COMMANDS = (
    ("/song", ("make a song from a prompt, lyrics or audio: one message shows every stage, "
               "then the cover, both versions playable here, and the lyrics")),
    ("/songs history · show · status · queue",
     "your recent songs; post a finished one again; where a song is; what waits for its turn"),
    ("/jam start", "write a song's lyrics together in a thread, then make it, credited to all"),
    ("/usage", "your songs and what is left of your limits"),
    ("/songadmin", ("limits, the queue, channels, blocks, time zone, session rules and usage "
                    "(moderators)")),
)  # fmt: skip
BUTTONS = (
    "Under every song: **Regenerate** (the same request again), **Remix** (build on a version), "
    "**Lyrics** (only to you), **Jam** (a session from its lyrics) and **Delete** (yours, or "
    "any for moderators). A song waiting its turn shows its place in the queue and **Cancel**."
)


@dataclass(frozen=True, slots=True)
class YourLimits:
    """This server's limits as they apply to the member asking."""

    daily: int | None
    left_today: int | None
    cooldown_seconds: int | None
    concurrent: int | None
    channels: frozenset[int]  # where /song works; empty: everywhere
    blocked: bool


def help_embed(limits: YourLimits, manual_url: str | None, w: Words = ENGLISH) -> discord.Embed:
    """In the member's words (only they see it)."""
    embed = discord.Embed(
        title="songbot",
        description=w("Makes songs with Soundverse, alone or together, right here in Discord."),
        colour=COLOUR,
    )
    embed.add_field(
        name=w("Commands"),
        value="\n".join(f"**{name}**: {w(what)}" for name, what in COMMANDS),
        inline=False,
    )
    embed.add_field(name=w("Buttons"), value=w(BUTTONS), inline=False)
    embed.add_field(name=w("Your limits here"), value=_limits(limits, w), inline=False)
    if manual_url:
        manual = link(w("The full manual"), manual_url)
        embed.add_field(name=w("Manual"), value=manual, inline=False)
    return bounded([embed])[0]


def _limits(limits: YourLimits, w: Words) -> str:
    if limits.blocked:
        return w("A moderator has paused your song-making on this server.")
    lines = []
    if limits.daily is None:
        lines.append(w("No daily limit"))
    else:
        lines.append(w("{left} of {daily} songs left today", left=limits.left_today,
                       daily=limits.daily))  # fmt: skip
    if limits.cooldown_seconds:
        lines.append(w("{seconds} s between songs", seconds=limits.cooldown_seconds))
    if limits.concurrent is not None:
        lines.append(w("{count} songs in progress at once", count=limits.concurrent))
    if limits.channels:
        where = ", ".join(f"<#{c}>" for c in sorted(limits.channels)[:10])
        lines.append(w("/song works in {channels}", channels=where))
    return "\n".join(lines)
