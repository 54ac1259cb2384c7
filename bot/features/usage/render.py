"""Usage and settings on Discord: figures in, embeds (and the chart to send with them) out."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Mapping, Sequence

import discord

from bot.core.formatting import fit
from bot.core.i18n import ENGLISH, Words
from bot.core.timestamps import relative
from bot.features.usage.budgets import RECENT_SONGS, Budget
from bot.features.usage.charts import per_day_png
from bot.features.usage.policy import Policy
from bot.features.usage.service import MemberFigures, ServerFigures
from bot.store.moderation import Block, LogEntry
from bot.store.records import DEFAULT_ESTIMATE, PERIODS, WEEKDAYS, Period
from bot.store.usage import Tally

COLOUR = discord.Colour.teal()


def _tally(tally: Tally, words: Words) -> str:
    if tally.songs == 1:
        return words("1 song · {tokens} tokens", tokens=f"{tally.tokens:,}")
    return words("{songs} songs · {tokens} tokens", songs=tally.songs, tokens=f"{tally.tokens:,}")


def _limit(value: int | None, words: Words, unit: str = "") -> str:
    return words("no limit") if value is None else f"{value}{unit}"


_BUDGET_NAMES = {
    ("member", "songs"): {"week": "Your songs this week", "month": "Your songs this month"},
    ("server", "songs"): {"week": "Server's songs this week", "month": "Server's songs this month"},
    ("member", "tokens"): {
        "day": "Your tokens today",
        "week": "Your tokens this week",
        "month": "Your tokens this month",
    },
    ("server", "tokens"): {
        "day": "Server's tokens today",
        "week": "Server's tokens this week",
        "month": "Server's tokens this month",
    },
}


def budget_lines(budgets: Sequence[Budget], estimate: int | None, words: Words) -> str:
    """Where each budget stands: spent, left, when it starts over; and a song's estimate."""
    lines = [
        words(
            "{budget}: {used} of {limit} · **{left}** left · resets {when}",
            budget=words(_BUDGET_NAMES[budget.scope, budget.unit][budget.period]),
            used=f"{budget.used:,}",
            limit=f"{budget.limit:,}",
            left=f"{budget.left:,}",
            when=relative(budget.resets_at),
        )
        for budget in budgets
    ]
    if estimate is not None and any(budget.unit == "tokens" for budget in budgets):
        lines.append(words("A song is reckoned at {tokens} tokens until it completes",
                           tokens=f"{estimate:,}"))  # fmt: skip
    return "\n".join(lines)


def member_usage_embed(name: str, figures: MemberFigures, words: Words = ENGLISH) -> discord.Embed:
    """In the member's words (only they see it)."""
    usage, policy, daily_limit = figures.usage, figures.policy, figures.daily_limit
    embed = discord.Embed(title=words("Songs by {name}", name=fit(name, 200)), colour=COLOUR)
    embed.add_field(name=words("Today"), value=_tally(usage.today, words), inline=True)
    embed.add_field(name=words("This week"), value=_tally(usage.week, words), inline=True)
    embed.add_field(name=words("All time"), value=_tally(usage.all_time, words), inline=True)
    lines = []
    if daily_limit is not None:
        left = max(0, daily_limit - usage.today.songs)
        when = relative(figures.day.end)
        lines.append(
            words(
                "**{left}** of {daily} songs left today · resets {when}",
                left=left,
                daily=daily_limit,
                when=when,
            )
        )
    else:
        lines.append(words("No daily limit"))
    if policy.cooldown_seconds and usage.last_at is not None:
        ready = usage.last_at + policy.cooldown_seconds
        lines.append(
            words("Next song {when}", when=relative(ready))
            if ready > figures.now
            else words("Cooldown: ready")
        )
    if policy.member_concurrent is not None:
        limit = policy.member_concurrent
        lines.append(words("In progress: {active} of {limit}", active=usage.active, limit=limit))
    elif usage.active:
        lines.append(words("In progress: {active}", active=usage.active))
    embed.add_field(name=words("Limits"), value="\n".join(lines), inline=False)
    if figures.budgets:
        shown = budget_lines(figures.budgets, figures.estimate, words)
        embed.add_field(name=words("Budgets"), value=shown[:1024], inline=False)
    return embed


def guild_usage_embed(
    guild_name: str, figures: ServerFigures, words: Words = ENGLISH
) -> discord.Embed:
    """In the moderator's words (only they see it)."""
    usage = figures.usage
    title = words("Songs on {server}", server=fit(guild_name, 200))
    embed = discord.Embed(title=title, colour=COLOUR)
    embed.add_field(name=words("Today"), value=_tally(usage.today, words), inline=True)
    embed.add_field(name=words("All time"), value=_tally(usage.all_time, words), inline=True)
    embed.add_field(name=words("In progress"), value=str(usage.active), inline=True)
    if figures.budgets:
        shown = budget_lines(figures.budgets, figures.estimate, words)
        embed.add_field(name=words("Budgets"), value=shown[:1024], inline=False)
    top = "\n".join(
        f"{rank}. <@{user}> · {_tally(tally, words)}"
        for rank, (user, tally) in enumerate(usage.top, 1)
    )
    embed.add_field(
        name=words("Top members (30 days)"), value=top or words("nobody yet"), inline=False
    )
    if usage.per_day:
        peak = max(count for _, count in usage.per_day)
        rows = [
            f"`{day[5:]}` {'█' * max(1, round(12 * count / peak))} {count}"
            for day, count in usage.per_day[-30:]
        ]
        embed.add_field(name=words("Per day (30 days)"), value="\n".join(rows)[:1024], inline=False)
    return embed


def settings_embed(
    policy: Policy, blocks: list[Block], log: list[LogEntry], words: Words = ENGLISH
) -> discord.Embed:
    """In the moderator's words (only they see it); the settings log is kept as written."""
    embed = discord.Embed(title=words("Song limits on this server"), colour=COLOUR)
    member = [
        words("Daily: {value}", value=_limit(policy.member_daily, words)),
        words("Cooldown: {value}", value=_limit(policy.cooldown_seconds, words, " s")),
        words("At once: {value}", value=_limit(policy.member_concurrent, words)),
        words("Weekly: {value}", value=_limit(policy.member_weekly, words)),
        words("Monthly: {value}", value=_limit(policy.member_monthly, words)),
    ]
    embed.add_field(name=words("Per member"), value="\n".join(member), inline=True)
    server = [
        words("Daily: {value}", value=_limit(policy.guild_daily, words)),
        words("At once: {value}", value=_limit(policy.guild_concurrent, words)),
        words("Weekly: {value}", value=_limit(policy.guild_weekly, words)),
        words("Monthly: {value}", value=_limit(policy.guild_monthly, words)),
        words("Day starts at midnight {timezone}", timezone=fit(policy.timezone, 64)),
    ]
    embed.add_field(name=words("Whole server"), value="\n".join(server), inline=True)
    queue = [
        words("Beyond the caps, songs wait in the queue")
        if policy.queue_mode == "queue"
        else words("Beyond the caps, songs are refused"),
        words("Waiting per member: {value}", value=_limit(policy.member_waiting, words)),
        words("Waiting on the server: {value}", value=_limit(policy.guild_waiting, words)),
        words("⏸️ Paused by a moderator") if policy.queue_paused else words("Moving"),
    ]
    embed.add_field(name=words("Queue"), value="\n".join(queue), inline=True)
    roles = "\n".join(
        words("{role}: {value} a day", role=f"<@&{role}>", value=_limit(daily, words))
        for role, daily in sorted(policy.role_daily.items())
    )
    embed.add_field(name=words("Role limits"), value=roles or words("none"), inline=False)
    embed.add_field(name=words("Token budgets"), value=token_budgets(policy, words), inline=False)
    channels = " ".join(f"<#{c}>" for c in sorted(policy.allowed_channels))
    embed.add_field(name=words("Channels"), value=channels or words("every channel"), inline=False)
    blocked = "\n".join(
        f"<@{b.user_id}>" + (f": {fit(b.reason, 100)}" if b.reason else "") for b in blocks
    )
    embed.add_field(
        name=words("Paused members"), value=blocked[:1024] or words("none"), inline=False
    )
    changes = "\n".join(f"{relative(e.at)} <@{e.user_id}>: {fit(e.change, 120)}" for e in log)
    embed.add_field(
        name=words("Recent changes"), value=changes[:1024] or words("none yet"), inline=False
    )
    return embed


def _per_period(budgets: Mapping[Period, int | None], words: Words) -> str:
    return " · ".join(
        f"{words(period)} {_limit(budgets[period], words)}"
        for period in PERIODS
        if period in budgets
    )


def token_budgets(policy: Policy, words: Words) -> str:
    """The server's token budgets, its members' and its roles', and how a song is estimated."""
    lines = []
    if policy.server_tokens:
        lines.append(words("Server: {budgets}", budgets=_per_period(policy.server_tokens, words)))
    if policy.member_tokens:
        budgets = _per_period(policy.member_tokens, words)
        lines.append(words("Each member: {budgets}", budgets=budgets))
    lines += [
        f"<@&{role}>: {_per_period(budgets, words)}"
        for role, budgets in sorted(policy.role_tokens.items())
    ]
    figure = f"{policy.token_estimate or DEFAULT_ESTIMATE:,}"
    reckoned = (
        "A song is reckoned at the median of the latest {count} songs' tokens ({figure} before "
        "there are any)"
    )
    lines.append(words(reckoned, count=RECENT_SONGS, figure=figure))
    lines.append(words("Weeks start on {day}", day=words(WEEKDAYS[policy.week_start])))
    return "\n".join(lines)


CHART_FILE = "usage.png"


async def member_usage_reply(
    name: str, figures: MemberFigures, words: Words = ENGLISH
) -> tuple[discord.Embed, discord.File]:
    """``/usage``: the member's figures, with their last days as a chart."""
    title = f"Songs per day, {len(figures.per_day)} days"
    return await with_chart(member_usage_embed(name, figures, words), figures.per_day, title)


async def server_usage_reply(
    guild_name: str, figures: ServerFigures, words: Words = ENGLISH
) -> tuple[discord.Embed, discord.File]:
    """``/songadmin usage``: the server's figures, with its last days as a chart."""
    title = f"Songs per day, last {len(figures.per_day)} days"
    return await with_chart(guild_usage_embed(guild_name, figures, words), figures.per_day, title)


async def with_chart(
    embed: discord.Embed, per_day: Sequence[tuple[str, int]], title: str
) -> tuple[discord.Embed, discord.File]:
    """Draw the chart (in a worker thread) and show it in ``embed``: the embed, and the file
    to send with it."""
    png = await asyncio.to_thread(per_day_png, per_day, title)
    embed.set_image(url=f"attachment://{CHART_FILE}")
    return embed, discord.File(io.BytesIO(png), CHART_FILE)
