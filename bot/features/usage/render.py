"""Usage and settings as embeds. Pure: figures in, embeds out."""

from __future__ import annotations

import discord

from bot.core.formatting import fit as clean
from bot.core.i18n import ENGLISH, Words
from bot.core.replies import relative
from bot.features.usage.policy import Policy
from bot.store.moderation import Block, LogEntry
from bot.store.usage import GuildUsage, MemberUsage, Tally

COLOUR = discord.Colour.teal()


def _tally(tally: Tally, w: Words) -> str:
    if tally.songs == 1:
        return w("1 song · {tokens} tokens", tokens=f"{tally.tokens:,}")
    return w("{songs} songs · {tokens} tokens", songs=tally.songs, tokens=f"{tally.tokens:,}")


_when = relative


def _limit(value: int | None, w: Words, unit: str = "") -> str:
    return w("no limit") if value is None else f"{value}{unit}"


def member_usage_embed(
    name: str,
    usage: MemberUsage,
    policy: Policy,
    *,
    daily_limit: int | None,
    day_end: float,
    now: float,
    w: Words = ENGLISH,
) -> discord.Embed:
    """In the member's words (only they see it)."""
    embed = discord.Embed(title=w("Songs by {name}", name=clean(name, 200)), colour=COLOUR)
    embed.add_field(name=w("Today"), value=_tally(usage.today, w), inline=True)
    embed.add_field(name=w("This week"), value=_tally(usage.week, w), inline=True)
    embed.add_field(name=w("All time"), value=_tally(usage.all_time, w), inline=True)
    lines = []
    if daily_limit is not None:
        left = max(0, daily_limit - usage.today.songs)
        lines.append(w("**{left}** of {daily} songs left today · resets {when}",
                       left=left, daily=daily_limit, when=_when(day_end)))  # fmt: skip
    else:
        lines.append(w("No daily limit"))
    if policy.cooldown_seconds and usage.last_at is not None:
        ready = usage.last_at + policy.cooldown_seconds
        lines.append(
            w("Next song {when}", when=_when(ready)) if ready > now else w("Cooldown: ready")
        )
    if policy.member_concurrent is not None:
        lines.append(w("In progress: {active} of {limit}", active=usage.active,
                       limit=policy.member_concurrent))  # fmt: skip
    elif usage.active:
        lines.append(w("In progress: {active}", active=usage.active))
    embed.add_field(name=w("Limits"), value="\n".join(lines), inline=False)
    return embed


def guild_usage_embed(guild_name: str, usage: GuildUsage, w: Words = ENGLISH) -> discord.Embed:
    """In the moderator's words (only they see it)."""
    title = w("Songs on {server}", server=clean(guild_name, 200))
    embed = discord.Embed(title=title, colour=COLOUR)
    embed.add_field(name=w("Today"), value=_tally(usage.today, w), inline=True)
    embed.add_field(name=w("All time"), value=_tally(usage.all_time, w), inline=True)
    embed.add_field(name=w("In progress"), value=str(usage.active), inline=True)
    top = "\n".join(
        f"{rank}. <@{user}> · {_tally(tally, w)}" for rank, (user, tally) in enumerate(usage.top, 1)
    )
    embed.add_field(name=w("Top members (30 days)"), value=top or w("nobody yet"), inline=False)
    if usage.per_day:
        peak = max(count for _, count in usage.per_day)
        rows = [
            f"`{day[5:]}` {'█' * max(1, round(12 * count / peak))} {count}"
            for day, count in usage.per_day[-30:]
        ]
        embed.add_field(name=w("Per day (30 days)"), value="\n".join(rows)[:1024], inline=False)
    return embed


def settings_embed(
    policy: Policy, blocks: list[Block], log: list[LogEntry], w: Words = ENGLISH
) -> discord.Embed:
    """In the moderator's words (only they see it); the settings log is kept as written."""
    embed = discord.Embed(title=w("Song limits on this server"), colour=COLOUR)
    member = [
        w("Daily: {value}", value=_limit(policy.member_daily, w)),
        w("Cooldown: {value}", value=_limit(policy.cooldown_seconds, w, " s")),
        w("At once: {value}", value=_limit(policy.member_concurrent, w)),
    ]
    embed.add_field(name=w("Per member"), value="\n".join(member), inline=True)
    server = [
        w("Daily: {value}", value=_limit(policy.guild_daily, w)),
        w("At once: {value}", value=_limit(policy.guild_concurrent, w)),
        w("Day starts at midnight {timezone}", timezone=clean(policy.timezone, 64)),
    ]
    embed.add_field(name=w("Whole server"), value="\n".join(server), inline=True)
    queue = [
        w("Beyond the caps, songs wait in the queue")
        if policy.queue_mode == "queue"
        else w("Beyond the caps, songs are refused"),
        w("Waiting per member: {value}", value=_limit(policy.member_waiting, w)),
        w("Waiting on the server: {value}", value=_limit(policy.guild_waiting, w)),
        w("⏸️ Paused by a moderator") if policy.queue_paused else w("Moving"),
    ]
    embed.add_field(name=w("Queue"), value="\n".join(queue), inline=True)
    roles = "\n".join(
        w("{role}: {value} a day", role=f"<@&{role}>", value=_limit(daily, w))
        for role, daily in sorted(policy.role_daily.items())
    )
    embed.add_field(name=w("Role limits"), value=roles or w("none"), inline=False)
    channels = " ".join(f"<#{c}>" for c in sorted(policy.allowed_channels))
    embed.add_field(name=w("Channels"), value=channels or w("every channel"), inline=False)
    blocked = "\n".join(
        f"<@{b.user_id}>" + (f": {clean(b.reason, 100)}" if b.reason else "") for b in blocks
    )
    embed.add_field(name=w("Paused members"), value=blocked[:1024] or w("none"), inline=False)
    changes = "\n".join(f"{_when(e.at)} <@{e.user_id}>: {clean(e.change, 120)}" for e in log)
    embed.add_field(name=w("Recent changes"), value=changes[:1024] or w("none yet"), inline=False)
    return embed
