"""The dashboard's budgets over HTTP: each form sets what ``/songadmin budget``, ``estimate``,
``timezone`` and ``limits`` set (the same use cases, the same refusals, the settings log
"via web"), and the Usage panel shows each of the server's budgets with what is spent against
it, counted as a reservation counts it (settled totals and held estimates), and the month's
running total against the monthly budget."""

from __future__ import annotations

import time
from datetime import date

from bot.features.usage.budgets import Budget
from bot.features.usage.spending import ServerSpending
from bot.store.moderation import ModerationRepository
from bot.store.records import Spent
from bot.web.dashboard_budgets import gauges, month_chart
from tests.bot.web.conftest import Site
from tests.bot.web.test_dashboard_forms import ROLE, _log, _send


async def _policy(site: Site) -> object:
    return await ModerationRepository(site.database).policy(site.guild)


async def test_a_server_budget_is_set_logged_via_web_shown_and_removed(site: Site) -> None:
    sent = {"scope": "server", "period": "month", "role": "", "tokens": "20000"}
    page = await _send(site, ("budget", sent))
    policy = await ModerationRepository(site.database).policy(site.guild)
    assert policy.server_tokens == {"month": 20000}
    (entry,) = await _log(site)
    assert entry.change == "monthly token budget of the server: 20,000 (via web)"
    assert entry.user_id == int(site.discord.oauth.user["id"])
    assert "The monthly token budget of the server is now 20,000 tokens." in page
    assert "The server: 20,000 tokens a month" in page  # the budgets set
    assert "Tokens this month" in page  # the gauge, and the chart
    page = await _send(site, ("budget_clear", {"scope": "server", "period": "month", "role": "0"}))
    assert "The monthly token budget of the server is removed." in page
    assert (await ModerationRepository(site.database).policy(site.guild)).server_tokens == {}


async def test_member_and_role_budgets(site: Site) -> None:
    page = await _send(
        site,
        ("budget", {"scope": "member", "period": "day", "role": "", "tokens": "1000"}),
        ("budget", {"scope": "role", "period": "week", "role": ROLE, "tokens": "0"}),
    )
    assert "The server has no budget of its own" in page
    policy = await ModerationRepository(site.database).policy(site.guild)
    assert policy.member_tokens == {"day": 1000}
    assert policy.role_tokens == {int(ROLE): {"week": None}}  # 0 for a role: unlimited
    page = await _send(site, ("budget_clear", {"scope": "role", "period": "week", "role": ROLE}))
    assert f"The weekly token budget per member with role {ROLE} is removed." in page
    assert (await ModerationRepository(site.database).policy(site.guild)).role_tokens == {}


async def test_budget_refusals_are_one_sentence_and_change_nothing(site: Site) -> None:
    page = await _send(
        site, ("budget", {"scope": "role", "period": "day", "role": "", "tokens": "5"})
    )
    assert "Name the role whose budget to set (scope: role)." in page
    page = await _send(
        site, ("budget", {"scope": "server", "period": "day", "role": ROLE, "tokens": "5"})
    )
    assert "A role is named only with scope: role." in page
    page = await _send(
        site, ("budget", {"scope": "server", "period": "year", "role": "", "tokens": "5"})
    )
    assert "Period: choose one of day, week, month." in page
    page = await _send(
        site, ("budget", {"scope": "server", "period": "day", "role": "", "tokens": "-3"})
    )
    assert "Tokens: from 0 to 1000000000." in page
    page = await _send(site, ("budget", {"scope": "server", "period": "day", "role": ""}))
    assert "Tokens: choose or write a value." in page
    assert await _log(site) == []


async def test_the_estimate_and_the_week_s_first_day(site: Site) -> None:
    page = await _send(
        site, ("estimate", {"tokens": "300"}),
        ("timezone", {"name": "UTC", "week_start": "Sunday"}),
    )  # fmt: skip
    policy = await ModerationRepository(site.database).policy(site.guild)
    assert (policy.token_estimate, policy.week_start, policy.timezone) == (300, 6, "UTC")
    assert "Weeks now start on Sunday." in page
    assert '<option value="Sunday" selected>' in page
    changes = [entry.change for entry in await _log(site)]
    assert changes == [
        "weeks start on Sunday (via web)",
        "a song's estimate before there is history: 300 tokens (via web)",
    ]
    page = await _send(site, ("estimate", {"tokens": "300"}))
    assert "Nothing to change" in page
    page = await _send(site, ("timezone", {"name": "UTC", "week_start": "Caturday"}))
    assert "The week starts on: choose one of Monday" in page
    await _send(site, ("estimate", {"tokens": ""}))  # empty: the default again
    assert (await ModerationRepository(site.database).policy(site.guild)).token_estimate is None


async def test_weekly_and_monthly_song_counts_beside_the_daily_ones(site: Site) -> None:
    page = await _send(site, ("limits", {"member_weekly": "10", "server_monthly": "200"}))
    policy = await ModerationRepository(site.database).policy(site.guild)
    assert (policy.member_weekly, policy.guild_monthly) == (10, 200)
    assert "songs per member per week = 10, songs per month on the server = 200" in page
    assert "Songs this month" in page  # the server's count, as a gauge
    assert "0 of 200" in page


async def test_the_usage_panel_counts_settled_songs_and_held_estimates(site: Site) -> None:
    now = time.time()
    await site.song(site.guild, "done", total_tokens=300, created_at=now)
    await site.song(site.guild, "making", status="running", reserved_tokens=250, created_at=now)
    await site.song(
        site.guild, "gone", status="failed", billed=0, reserved_tokens=900, created_at=now
    )
    page = await _send(
        site, ("budget", {"scope": "server", "period": "month", "role": "", "tokens": "600"})
    )
    assert "550 of 600" in page  # 300 settled + 250 held; the unbilled failure gave its back
    assert "91 %" in page
    assert "full" in page  # the next song (reckoned at 300, the median) does not fit
    assert 'class="running"' in page  # the month's running total against the budget's line
    assert "(550 of the 600 budget)" in page


def test_the_month_chart_climbs_to_what_is_spent_below_the_budget_s_line() -> None:
    month = [date(2026, 12, d) for d in range(1, 32)]
    spending = ServerSpending([], 100, 1000, month, [0, 200, 200, 500])
    chart = month_chart(spending)
    assert chart is not None
    points = [tuple(map(float, p.split(","))) for p in chart.points.split()]
    assert points[0] == (0.0, 120.0)
    assert len(points) == 5  # the month's start, then the end of each day so far
    assert points[-1][1] > chart.limit_y  # below the line: under budget (SVG's y grows down)
    assert chart.limit_y < chart.warn_y
    assert (chart.first, chart.last, chart.spent) == ("2026-12-01", "2026-12-31", 500)
    assert month_chart(ServerSpending([], None)) is None


def test_a_gauge_is_full_when_the_next_song_does_not_fit() -> None:
    budget = Budget("server", "month", "tokens", 1000, Spent(3, 800), resets_at=1798761600.0)
    (gauge,) = gauges(ServerSpending([budget], 250), "Europe/Paris")
    assert (gauge.name, gauge.percent, gauge.full, gauge.resets) == (
        "Tokens this month",
        80,
        True,
        "2027-01-01",
    )
    (roomy,) = gauges(ServerSpending([budget], 200), "UTC")
    assert not roomy.full
