"""What each dashboard form does: the use case ``/songadmin`` calls for the same setting,
with the values the form read (an empty number is "no limit", as 0 is in the command)."""

from __future__ import annotations

from bot.core.acting import Actor, Place, Refusal
from bot.features.moderation.limits import Limit
from bot.features.moderation.service import Changed
from bot.store.records import WEEKDAYS, BudgetKey
from bot.store.settings_log import via
from bot.web.dashboard_data import Desk
from bot.web.form_fields import Values

NOTHING = Refusal("Nothing to change: every value is as it was.")


async def limits(desk: Desk, who: Actor, where: Place, values: Values) -> Changed | Refusal:
    if not values:
        return NOTHING
    return await desk.settings.set_limits(who, where, {Limit(k): v or 0 for k, v in values.items()})


async def queue(desk: Desk, who: Actor, where: Place, values: Values) -> Changed | Refusal:
    member, server = values.get("member_waiting"), values.get("server_waiting")
    changed = await desk.settings.set_queue(
        who, where, mode=values.get("mode"),
        member_waiting=None if "member_waiting" not in values else member or 0,
        server_waiting=None if "server_waiting" not in values else server or 0,
    )  # fmt: skip
    if isinstance(changed, Changed) and not changed.summary:
        return NOTHING
    return changed


async def pause(desk: Desk, who: Actor, where: Place, values: Values) -> Changed | Refusal:
    return await desk.settings.set_queue(who, where, paused=values["paused"] == "pause")


async def cancel(desk: Desk, who: Actor, where: Place, values: Values) -> Changed | Refusal:
    queue = desk.live_queue(where.guild_id)
    if queue is None:
        return Refusal("This song's queue is in another process: cancel it with /songadmin queue.")
    cancelled = queue.cancel(who, where.guild_id, int(values["song"]))
    if isinstance(cancelled, Refusal):
        return cancelled
    await queue.record_cancel(cancelled)
    await desk.moderation.note(where.guild_id, who.member_id, f"song {cancelled.song_id} cancelled")
    return Changed("The song left the queue; its slot is given back.")


async def role(desk: Desk, who: Actor, where: Place, values: Values) -> Changed | Refusal:
    return await desk.settings.set_role_limit(who, where, values["role"], values["daily"])


async def role_clear(desk: Desk, who: Actor, where: Place, values: Values) -> Changed | Refusal:
    return await desk.settings.set_role_limit(who, where, values["role"], None, clear=True)


async def channel(desk: Desk, who: Actor, where: Place, values: Values) -> Changed | Refusal:
    allowed = values["allowed"] == "allow"
    return await desk.settings.set_channel(who, where, values["channel"], allowed=allowed)


async def block(desk: Desk, who: Actor, where: Place, values: Values) -> Changed | Refusal:
    return await desk.settings.block(who, where, values["member"], values.get("reason"))


async def unblock(desk: Desk, who: Actor, where: Place, values: Values) -> Changed | Refusal:
    return await desk.settings.unblock(who, where, values["member"])


async def timezone(desk: Desk, who: Actor, where: Place, values: Values) -> Changed | Refusal:
    if not values:
        return NOTHING
    week_start = WEEKDAYS.index(values["week_start"]) if "week_start" in values else None
    return await desk.settings.set_timezone(who, where, values.get("name"), week_start=week_start)


def _budget_key(values: Values) -> BudgetKey:
    return BudgetKey(values["scope"], values["period"], values.get("role") or 0)


async def budget(desk: Desk, who: Actor, where: Place, values: Values) -> Changed | Refusal:
    """As ``/songadmin budget``: 0 tokens removes a server's or members' budget, and makes a
    role's members unlimited."""
    return await desk.settings.set_budget(who, where, _budget_key(values), values["tokens"])


async def budget_clear(desk: Desk, who: Actor, where: Place, values: Values) -> Changed | Refusal:
    return await desk.settings.set_budget(who, where, _budget_key(values), None, clear=True)


async def estimate(desk: Desk, who: Actor, where: Place, values: Values) -> Changed | Refusal:
    if not values:
        return NOTHING
    return await desk.settings.set_estimate(who, where, values["tokens"] or 0)


async def gallery(desk: Desk, who: Actor, where: Place, values: Values) -> Changed | Refusal:
    return await desk.settings.set_gallery(who, where, values["visibility"])


async def sessions(desk: Desk, who: Actor, where: Place, values: Values) -> Changed | Refusal:
    if not values:
        return NOTHING
    changes = {
        ("starter_role_id" if k == "starter_role" else k): v or None for k, v in values.items()
    }
    rules = await desk.sessions.change(who, where, changes)
    return (
        rules if isinstance(rules, Refusal) else Changed("The rules for lyric sessions are saved.")
    )


async def challenges(desk: Desk, who: Actor, where: Place, values: Values) -> Changed | Refusal:
    """As ``/songadmin challenge`` (its use case is one write: the same write, the same log)."""
    if not values:
        return NOTHING
    stored = {("starter_role_id" if k == "starter_role" else k): v for k, v in values.items()}
    change = "challenges: " + ", ".join(f"{k} = {v}" for k, v in stored.items())
    await desk.challenges.set_settings(
        where.guild_id, stored, by=who.member_id, change=via(change, "web")
    )
    return Changed("The rules for challenges are saved.")


async def log_channel(desk: Desk, who: Actor, where: Place, values: Values) -> Changed | Refusal:
    """As ``/songadmin log channel:``, refused where the bot lacks ``missing`` there."""
    channel_id, missing = values["channel"], values["missing"]
    return await desk.settings.log_channel.choose(who, where, channel_id, missing=missing)


async def log_off(desk: Desk, who: Actor, where: Place, _values: Values) -> Changed | Refusal:
    return await desk.settings.log_channel.choose(who, where, None)
