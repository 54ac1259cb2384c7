"""The budgets' decisions, as pure functions: a song's estimate, a member's most generous
role, whether one more song fits, what a refusal says, and the thresholds reached."""

from __future__ import annotations

from bot.features.usage.budgets import (
    Budget,
    budgets,
    check_budgets,
    estimate,
    member_tokens_for,
    reached,
    refusal,
)
from bot.features.usage.periods import Span
from bot.store.records import DEFAULT_ESTIMATE, PERIODS, Period, PeriodFigures, Policy, Spent

SPANS = {period: Span(0.0, 1_000_000.0) for period in PERIODS}
DJ, VIP = 7, 8


def figures(member: int = 0, server: int = 0, songs: int = 0) -> PeriodFigures:
    return PeriodFigures(
        member={p: Spent(songs, member) for p in PERIODS},
        server={p: Spent(songs, server) for p in PERIODS},
    )


def budget(limit: int, spent: int, period: Period = "month") -> Budget:
    return Budget("server", period, "tokens", limit, Spent(1, spent), 1_000_000.0)


def test_the_estimate_is_the_median_of_recent_songs_else_the_figure_else_the_default() -> None:
    assert estimate([100, 900, 200], 50) == 200
    assert estimate([100, 200], None) == 150
    assert estimate([], 350) == 350
    assert estimate([], None) == DEFAULT_ESTIMATE


def test_the_most_generous_role_wins_and_unlimited_beats_any_figure() -> None:
    policy = Policy(
        member_tokens={"day": 1000}, role_tokens={DJ: {"day": 3000}, VIP: {"day": 5000}}
    )
    assert member_tokens_for(policy, "day", frozenset()) == 1000
    assert member_tokens_for(policy, "day", frozenset({DJ})) == 3000
    assert member_tokens_for(policy, "day", frozenset({DJ, VIP})) == 5000
    assert member_tokens_for(policy, "week", frozenset({DJ})) is None  # no budget that week
    unlimited = Policy(member_tokens={"day": 1000}, role_tokens={DJ: {"day": None}})
    assert member_tokens_for(unlimited, "day", frozenset({DJ})) is None


def test_a_song_fits_while_spent_plus_its_estimate_stays_within_the_budget() -> None:
    policy = Policy(server_tokens={"month": 900})
    assert check_budgets(budgets(policy, figures(server=600), SPANS, frozenset()), 300) is None
    refused = check_budgets(budgets(policy, figures(server=601), SPANS, frozenset()), 300)
    assert refused is not None
    assert refused.limit == "server_tokens_month"


def test_weekly_and_monthly_song_counts() -> None:
    policy = Policy(member_weekly=3, guild_monthly=10)
    assert check_budgets(budgets(policy, figures(songs=2), SPANS, frozenset()), 100) is None
    refused = check_budgets(budgets(policy, figures(songs=3), SPANS, frozenset()), 100)
    assert refused is not None
    assert refused.limit == "member_weekly"
    assert "You've made your 3 songs this week. More <t:1000000:R>." in str(refused.text)


def test_the_member_s_budget_is_checked_before_the_server_s() -> None:
    policy = Policy(server_tokens={"day": 100}, member_tokens={"week": 100})
    refused = check_budgets(budgets(policy, figures(100, 100), SPANS, frozenset()), 10)
    assert refused is not None
    assert refused.limit == "member_tokens_week"


def test_a_refusal_names_the_budget_what_is_left_and_when_it_resets() -> None:
    said = refusal(budget(20_000, 19_500), 800)
    assert said.resets_at == 1_000_000.0
    assert str(said.text) == (
        "This server's monthly token budget has 500 of 20,000 tokens left, and a song takes "
        "about 800. It resets <t:1000000:R>."
    )


def test_thresholds_reached() -> None:
    assert reached(budget(1000, 700)) == []
    assert reached(budget(1000, 700), 100) == [80]
    assert reached(budget(1000, 900), 100) == [80, 100]
    assert reached(budget(1000, 0), full=True) == [80, 100]
