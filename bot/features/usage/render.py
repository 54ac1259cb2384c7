"""Usage and settings as embeds. Pure: figures in, embeds out."""

from __future__ import annotations

import discord

from bot.core.formatting import fit as clean
from bot.core.replies import relative
from bot.features.usage.policy import Policy
from bot.store.moderation import Block, LogEntry
from bot.store.usage import GuildUsage, MemberUsage, Tally

COLOUR = discord.Colour.teal()


def _tally(tally: Tally) -> str:
    return f"{tally.songs} song{'s' if tally.songs != 1 else ''} · {tally.tokens:,} tokens"


_when = relative


def _limit(value: int | None, unit: str = "") -> str:
    return "no limit" if value is None else f"{value}{unit}"


def member_usage_embed(
    name: str,
    usage: MemberUsage,
    policy: Policy,
    *,
    daily_limit: int | None,
    day_end: float,
    now: float,
) -> discord.Embed:
    embed = discord.Embed(title=f"Songs by {clean(name, 200)}", colour=COLOUR)
    embed.add_field(name="Today", value=_tally(usage.today), inline=True)
    embed.add_field(name="This week", value=_tally(usage.week), inline=True)
    embed.add_field(name="All time", value=_tally(usage.all_time), inline=True)
    lines = []
    if daily_limit is not None:
        left = max(0, daily_limit - usage.today.songs)
        lines.append(f"**{left}** of {daily_limit} songs left today · resets {_when(day_end)}")
    else:
        lines.append("No daily limit")
    if policy.cooldown_seconds and usage.last_at is not None:
        ready = usage.last_at + policy.cooldown_seconds
        lines.append(f"Next song {_when(ready)}" if ready > now else "Cooldown: ready")
    if policy.member_concurrent is not None:
        lines.append(f"In progress: {usage.active} of {policy.member_concurrent}")
    elif usage.active:
        lines.append(f"In progress: {usage.active}")
    embed.add_field(name="Limits", value="\n".join(lines), inline=False)
    return embed


def guild_usage_embed(guild_name: str, usage: GuildUsage) -> discord.Embed:
    embed = discord.Embed(title=f"Songs on {clean(guild_name, 200)}", colour=COLOUR)
    embed.add_field(name="Today", value=_tally(usage.today), inline=True)
    embed.add_field(name="All time", value=_tally(usage.all_time), inline=True)
    embed.add_field(name="In progress", value=str(usage.active), inline=True)
    top = "\n".join(
        f"{rank}. <@{user}> · {_tally(tally)}" for rank, (user, tally) in enumerate(usage.top, 1)
    )
    embed.add_field(name="Top members (30 days)", value=top or "nobody yet", inline=False)
    if usage.per_day:
        peak = max(count for _, count in usage.per_day)
        rows = [
            f"`{day[5:]}` {'█' * max(1, round(12 * count / peak))} {count}"
            for day, count in usage.per_day[-30:]
        ]
        embed.add_field(name="Per day (30 days)", value="\n".join(rows)[:1024], inline=False)
    return embed


def settings_embed(policy: Policy, blocks: list[Block], log: list[LogEntry]) -> discord.Embed:
    embed = discord.Embed(title="Song limits on this server", colour=COLOUR)
    embed.add_field(
        name="Per member",
        value=(
            f"Daily: {_limit(policy.member_daily)}\n"
            f"Cooldown: {_limit(policy.cooldown_seconds, ' s')}\n"
            f"At once: {_limit(policy.member_concurrent)}"
        ),
        inline=True,
    )
    embed.add_field(
        name="Whole server",
        value=(
            f"Daily: {_limit(policy.guild_daily)}\n"
            f"At once: {_limit(policy.guild_concurrent)}\n"
            f"Day starts at midnight {clean(policy.timezone, 64)}"
        ),
        inline=True,
    )
    beyond = "wait in the queue" if policy.queue_mode == "queue" else "are refused"
    embed.add_field(
        name="Queue",
        value=(
            f"Beyond the caps, songs {beyond}\n"
            f"Waiting per member: {_limit(policy.member_waiting)}\n"
            f"Waiting on the server: {_limit(policy.guild_waiting)}\n"
            + ("⏸️ Paused by a moderator" if policy.queue_paused else "Moving")
        ),
        inline=True,
    )
    roles = "\n".join(
        f"<@&{role}>: {_limit(daily)} a day" for role, daily in sorted(policy.role_daily.items())
    )
    embed.add_field(name="Role limits", value=roles or "none", inline=False)
    channels = " ".join(f"<#{c}>" for c in sorted(policy.allowed_channels))
    embed.add_field(name="Channels", value=channels or "every channel", inline=False)
    blocked = "\n".join(
        f"<@{b.user_id}>" + (f": {clean(b.reason, 100)}" if b.reason else "") for b in blocks
    )
    embed.add_field(name="Paused members", value=blocked[:1024] or "none", inline=False)
    changes = "\n".join(f"{_when(e.at)} <@{e.user_id}>: {clean(e.change, 120)}" for e in log)
    embed.add_field(name="Recent changes", value=changes[:1024] or "none yet", inline=False)
    return embed
