"""Token budgets end to end: set by a moderator, enforced on /song with a sentence naming the
budget, what is left and when it resets, shown by /usage and /songadmin usage, and a server's
budget reaching 80 % and 100 % told to the log's listener."""

from __future__ import annotations

from bot.features.usage.budgets import BudgetCrossing
from tests.e2e.helpers import EPHEMERAL, Harness, admin, fields, finished, reply


async def test_a_monthly_budget_is_spent_refused_and_shown(harness: Harness) -> None:
    h = harness
    told: list[BudgetCrossing] = []

    async def listen(crossing: BudgetCrossing) -> None:
        told.append(crossing)

    h.bot.resources.reservations.on_budget_crossed = listen
    answer = await admin(h, "budget", scope="server", period="month", tokens=100)
    assert answer["flags"] & EPHEMERAL
    assert answer["content"] == "The monthly token budget of the server is now 100 tokens."
    answer = await admin(h, "estimate", tokens=100)
    assert "a song is reckoned at 100 tokens" in answer["content"]

    first = await h.discord.slash("song", {"prompt": "rain"})
    await reply(h, first)
    assert [(c.percent, c.spent, c.limit) for c in told] == [(80, 100, 100), (100, 100, 100)]
    await h.discord.wait_for(finished(h, first))
    await h.bot.songs.wait_idle()
    [job] = h.simulator.simulator.jobs.values()
    spent = sum(job.plan.tokens)  # the simulator's songs cost 80 tokens or more

    refused = await reply(h, await h.discord.slash("song", {"prompt": "more rain"}))
    assert refused["flags"] & EPHEMERAL
    left = max(0, 100 - spent)
    assert refused["content"].startswith(
        f"This server's monthly token budget has {left} of 100 tokens left, and a song takes "
        f"about {spent}. It resets <t:"
    )
    assert len(h.simulator.simulator.jobs) == 1  # nothing sent to be billed
    assert len(told) == 2  # each threshold once this month

    usage = (await reply(h, await h.discord.slash("usage", {})))["embeds"][0]
    shown = fields(usage)["Budgets"]
    assert f"Server's tokens this month: {spent} of 100 · **{left}** left · resets <t:" in shown
    assert f"A song is reckoned at {spent} tokens until it completes" in shown
    helped = (await reply(h, await h.discord.slash("help", {})))["embeds"][0]
    assert f"Server's tokens this month: {spent} of 100" in fields(helped)["Your limits here"]
    server = (await admin(h, "usage"))["embeds"][0]
    assert f"Server's tokens this month: {spent} of 100" in fields(server)["Budgets"]
    settings = (await admin(h, "show"))["embeds"][0]
    assert "Server: month 100" in fields(settings)["Token budgets"]


async def test_a_member_s_weekly_count_and_a_role_s_budget(harness: Harness) -> None:
    h = harness
    await admin(h, "limits", member_weekly=1)
    await admin(h, "timezone", week_starts=6)  # Sunday
    dj = h.discord.role_ref(h.discord.dj_role)
    answer = await admin(h, "budget", scope="role", period="day", tokens=5000, role=dj)
    assert "per member with <@&" in answer["content"]
    first = await h.discord.slash("song", {"prompt": "rain"})
    await reply(h, first)
    await h.discord.wait_for(finished(h, first))
    await h.bot.songs.wait_idle()
    refused = await reply(h, await h.discord.slash("song", {"prompt": "x"}))
    assert refused["content"].startswith("You've made your 1 song this week. More <t:")
    usage = await reply(h, await h.discord.slash("usage", {}, roles=[h.discord.dj_role["id"]]))
    shown = fields(usage["embeds"][0])["Budgets"]
    assert "Your songs this week: 1 of 1 · **0** left" in shown
    assert "Your tokens today: " in shown
    assert "of 5,000" in shown
    missing = await admin(h, "budget", scope="role", period="day", tokens=10)
    assert missing["content"] == "Name the role whose budget to set (scope: role)."
