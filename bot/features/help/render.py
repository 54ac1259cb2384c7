"""The /help answer. Pure: what the member may do here in, an embed out."""

from __future__ import annotations

from dataclasses import dataclass

import discord

from bot.core.embeds import bounded
from bot.core.formatting import link

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


def help_embed(limits: YourLimits, manual_url: str | None) -> discord.Embed:
    embed = discord.Embed(
        title="songbot",
        description="Makes songs with Soundverse, alone or together, right here in Discord.",
        colour=COLOUR,
    )
    embed.add_field(
        name="Commands",
        value="\n".join(f"**{name}**: {what}" for name, what in COMMANDS),
        inline=False,
    )
    embed.add_field(name="Buttons", value=BUTTONS, inline=False)
    embed.add_field(name="Your limits here", value=_limits(limits), inline=False)
    if manual_url:
        embed.add_field(name="Manual", value=link("The full manual", manual_url), inline=False)
    return bounded([embed])[0]


def _limits(limits: YourLimits) -> str:
    if limits.blocked:
        return "A moderator has paused your song-making on this server."
    lines = []
    if limits.daily is None:
        lines.append("No daily limit")
    else:
        lines.append(f"{limits.left_today} of {limits.daily} songs left today")
    if limits.cooldown_seconds:
        lines.append(f"{limits.cooldown_seconds} s between songs")
    if limits.concurrent is not None:
        lines.append(f"{limits.concurrent} songs in progress at once")
    if limits.channels:
        where = ", ".join(f"<#{c}>" for c in sorted(limits.channels)[:10])
        lines.append(f"/song works in {where}")
    return "\n".join(lines)
