"""A moderator's use cases with plain values: who acts in, a refusal or what changed out, the
change in the store and in the settings log."""

from __future__ import annotations

import pytest

from bot.core.acting import Actor, Place, Refusal
from bot.features.moderation import texts
from bot.features.moderation.limits import Limit
from bot.features.moderation.service import MODERATORS_ONLY, Changed, ServerSettings, Settings
from bot.store import Database, ModerationRepository
from bot.store.records import BudgetKey

GUILD, MOD, MEMBER = 1, 900, 100
MODERATOR = Actor(MOD, "Mod", moderator=True, manages_server=True)
NOT_A_MODERATOR = Actor(MEMBER, "Member")
# Manage Messages: may manage others' songs and sessions, not the server's settings.
MESSAGES_MODERATOR = Actor(MEMBER, "Member", moderator=True)
HERE = Place(GUILD, 2)


class Told:
    """The queue's side of a settings change: which servers it was told of."""

    def __init__(self) -> None:
        self.guilds: list[int] = []

    async def __call__(self, guild_id: int) -> None:
        self.guilds.append(guild_id)


@pytest.fixture
def repository(sqlite_database: Database) -> ModerationRepository:
    return ModerationRepository(sqlite_database)


@pytest.fixture
def told() -> Told:
    return Told()


@pytest.fixture
def settings(repository: ModerationRepository, told: Told) -> ServerSettings:
    return ServerSettings(repository, settings_changed=told)


def summary(outcome: Changed | Refusal) -> str:
    assert isinstance(outcome, Changed), outcome
    return outcome.summary


async def logged(repository: ModerationRepository) -> list[tuple[int, str]]:
    return [(e.user_id, e.change) for e in await repository.recent_changes(GUILD, limit=10)]


async def test_only_moderators_change_or_see_settings(
    settings: ServerSettings, repository: ModerationRepository, told: Told
) -> None:
    for outcome in (
        await settings.show(MESSAGES_MODERATOR, HERE),
        await settings.set_limits(NOT_A_MODERATOR, HERE, {Limit.MEMBER_DAILY: 1}),
        await settings.set_queue(NOT_A_MODERATOR, HERE, paused=True),
        await settings.set_role_limit(NOT_A_MODERATOR, HERE, 7, 3),
        await settings.set_channel(NOT_A_MODERATOR, HERE, 55, allowed=True),
        await settings.block(NOT_A_MODERATOR, HERE, 5, None),
        await settings.unblock(NOT_A_MODERATOR, HERE, 5),
        await settings.set_timezone(NOT_A_MODERATOR, HERE, "Europe/Paris"),
    ):
        assert outcome == MODERATORS_ONLY
    assert await logged(repository) == []
    assert told.guilds == []


async def test_limits_given_are_set_and_logged_with_who(
    settings: ServerSettings, repository: ModerationRepository, told: Told
) -> None:
    options = {Limit.MEMBER_DAILY: 3, Limit.COOLDOWN: 0, Limit.SERVER_DAILY: None}
    said = summary(await settings.set_limits(MODERATOR, HERE, options))
    assert (
        said
        == "Limits updated: songs per member per day = 3, seconds between a member's songs removed."
    )
    policy = await repository.policy(GUILD)
    assert (policy.member_daily, policy.cooldown_seconds, policy.guild_daily) == (3, None, None)
    assert await logged(repository) == [
        (MOD, "songs per member per day = 3, seconds between a member's songs removed")
    ]
    assert told.guilds == [GUILD]


async def test_no_limit_given_is_refused(settings: ServerSettings, told: Told) -> None:
    assert await settings.set_limits(MODERATOR, HERE, {Limit.MEMBER_DAILY: None}) == Refusal(
        texts.NOTHING_TO_CHANGE
    )
    assert told.guilds == []


async def test_the_queue_settings_change_together(
    settings: ServerSettings, repository: ModerationRepository, told: Told
) -> None:
    outcome = await settings.set_queue(
        MODERATOR, HERE, mode="refuse", member_waiting=2, paused=True
    )
    said = summary(outcome)
    assert said == (
        "beyond the caps, songs are now refused; songs a member may have waiting = 2; "
        "this server's queue is paused"
    )
    policy = await repository.policy(GUILD)
    assert (policy.queue_mode, policy.member_waiting, policy.queue_paused) == ("refuse", 2, True)
    assert await logged(repository) == [(MOD, said), (MOD, "songs a member may have waiting = 2")]
    assert told.guilds == [GUILD]


async def test_an_empty_queue_change_changes_nothing(
    settings: ServerSettings, repository: ModerationRepository, told: Told
) -> None:
    assert summary(await settings.set_queue(MODERATOR, HERE)) == ""
    assert await logged(repository) == []
    assert told.guilds == [GUILD]  # the queue looks again, as after any /songadmin queue


async def test_role_limits_are_set_and_cleared(
    settings: ServerSettings, repository: ModerationRepository
) -> None:
    said = summary(await settings.set_role_limit(MODERATOR, HERE, 7, 0))
    assert said == "Members with <@&7> can now make songs: unlimited."
    assert summary(await settings.set_role_limit(MODERATOR, HERE, 8, 4)).endswith(": 4 a day.")
    assert (await repository.policy(GUILD)).role_daily == {7: None, 8: 4}
    cleared = summary(await settings.set_role_limit(MODERATOR, HERE, 7, None, clear=True))
    assert cleared == "<@&7> follows the server's limit again."
    again = summary(await settings.set_role_limit(MODERATOR, HERE, 7, None, clear=True))
    assert again == "<@&7> had no limit of its own."
    assert [change for _, change in await logged(repository)] == [
        "role 7 cleared",
        "role 8: 4 a day",
        "role 7: unlimited",
    ]


async def test_channels_and_blocks(
    settings: ServerSettings, repository: ModerationRepository
) -> None:
    assert (
        summary(await settings.set_channel(MODERATOR, HERE, 55, allowed=True))
        == "<#55> is now allowed."
    )
    assert (await repository.policy(GUILD)).allowed_channels == {55}
    blocked = summary(await settings.block(MODERATOR, HERE, MEMBER, "spam"))
    assert blocked == f"<@{MEMBER}> can no longer make songs here."
    assert [(b.user_id, b.reason) for b in await repository.blocks(GUILD)] == [(MEMBER, "spam")]
    assert (
        summary(await settings.unblock(MODERATOR, HERE, MEMBER))
        == f"<@{MEMBER}> can make songs again."
    )
    assert summary(await settings.unblock(MODERATOR, HERE, MEMBER)) == "They were not paused."
    assert [change for _, change in await logged(repository)] == [
        f"unblocked {MEMBER}",
        f"blocked {MEMBER}: spam",
        "channel 55 allowed",
    ]


async def test_the_time_zone_must_be_known(
    settings: ServerSettings, repository: ModerationRepository
) -> None:
    refused = await settings.set_timezone(MODERATOR, HERE, "Mars/Olympus")
    assert refused == Refusal(texts.UNKNOWN_TIMEZONE)
    said = summary(await settings.set_timezone(MODERATOR, HERE, "Europe/Paris"))
    assert said == "Days now start at midnight in Europe/Paris."
    assert (await repository.policy(GUILD)).timezone == "Europe/Paris"
    assert await logged(repository) == [(MOD, "timezone set to Europe/Paris")]


async def test_show_gives_the_settings_blocks_and_recent_changes(
    settings: ServerSettings,
) -> None:
    await settings.block(MODERATOR, HERE, MEMBER, None)
    shown = await settings.show(MODERATOR, HERE)
    assert isinstance(shown, Settings)
    assert [b.user_id for b in shown.blocks] == [MEMBER]
    assert [e.change for e in shown.recent_changes] == [f"blocked {MEMBER}"]
    assert shown.policy.member_daily is None


async def test_token_budgets_are_set_cleared_and_logged_with_who(
    settings: ServerSettings, repository: ModerationRepository
) -> None:
    month, role = BudgetKey("server", "month"), BudgetKey("role", "day", 7)
    said = summary(await settings.set_budget(MODERATOR, HERE, month, 20_000))
    assert said == "The monthly token budget of the server is now 20,000 tokens."
    said = summary(await settings.set_budget(MODERATOR, HERE, role, 0))
    assert said == "The daily token budget per member with <@&7> is now unlimited."
    policy = await repository.policy(GUILD)
    assert (policy.server_tokens, policy.role_tokens) == ({"month": 20_000}, {7: {"day": None}})
    said = summary(await settings.set_budget(MODERATOR, HERE, month, 0))
    assert said == "The monthly token budget of the server is removed."
    said = summary(await settings.set_budget(MODERATOR, HERE, role, None, clear=True))
    assert said == "The daily token budget per member with <@&7> is removed."
    assert not (await repository.policy(GUILD)).counts_tokens
    assert await logged(repository) == [
        (MOD, "daily token budget per member with role 7 removed"),
        (MOD, "monthly token budget of the server removed"),
        (MOD, "daily token budget per member with role 7: unlimited"),
        (MOD, "monthly token budget of the server: 20,000"),
    ]


async def test_a_budget_badly_given_is_refused_before_anything_changes(
    settings: ServerSettings, repository: ModerationRepository
) -> None:
    refusals = [
        await settings.set_budget(MODERATOR, HERE, BudgetKey("role", "day"), 10),
        await settings.set_budget(MODERATOR, HERE, BudgetKey("member", "day", 7), 10),
        await settings.set_budget(MODERATOR, HERE, BudgetKey("member", "day"), None),
        await settings.set_budget(MODERATOR, HERE, BudgetKey("member", "day"), -5),
        await settings.set_estimate(MODERATOR, HERE, -1),
        await settings.set_timezone(MODERATOR, HERE, None),
        await settings.set_timezone(MODERATOR, HERE, None, week_start=7),
        await settings.set_budget(NOT_A_MODERATOR, HERE, BudgetKey("server", "day"), 10),
    ]
    assert [r.text for r in refusals if isinstance(r, Refusal)] == [
        texts.ROLE_NEEDED,
        texts.ROLE_ONLY_WITH_ROLE_SCOPE,
        texts.NO_TOKENS,
        texts.NO_TOKENS,
        texts.NO_TOKENS,
        texts.NO_CALENDAR_CHANGE,
        texts.NO_CALENDAR_CHANGE,
        MODERATORS_ONLY.text,
    ]
    assert await logged(repository) == []


async def test_the_estimate_and_the_week_s_first_day(
    settings: ServerSettings, repository: ModerationRepository
) -> None:
    said = summary(await settings.set_estimate(MODERATOR, HERE, 800))
    assert said.endswith("a song is reckoned at 800 tokens.")
    said = summary(await settings.set_timezone(MODERATOR, HERE, "Asia/Tokyo", week_start=6))
    assert said == "Days now start at midnight in Asia/Tokyo. Weeks now start on Sunday."
    policy = await repository.policy(GUILD)
    assert (policy.token_estimate, policy.week_start, policy.timezone) == (800, 6, "Asia/Tokyo")
    said = summary(await settings.set_estimate(MODERATOR, HERE, 0))
    assert said.endswith("a song is reckoned at the default, 500 tokens.")
    assert (await repository.policy(GUILD)).token_estimate is None
