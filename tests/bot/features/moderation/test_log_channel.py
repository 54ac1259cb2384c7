"""``/songadmin log``'s use cases (``log_channel.py``, reached as ``ServerSettings.log_channel``):
choosing the moderators' log channel, refused in one sentence where the bot can't post; turning
it off; where it is and why it stopped. Every change is in the settings log with who (and "via
web" from the dashboard)."""

from __future__ import annotations

import pytest

from bot.core.acting import Actor, Place, Refusal
from bot.features.moderation import texts
from bot.features.moderation.service import MODERATORS_ONLY, Changed, ServerSettings
from bot.store import Database, ModerationRepository
from bot.store.modlog import LogChannel

GUILD, MOD, CHANNEL = 1, 900, 50
MODERATOR = Actor(MOD, "Mod", moderator=True, manages_server=True)
HERE = Place(GUILD, 2)


async def nothing(_guild_id: int) -> None:
    return None


@pytest.fixture
def repository(sqlite_database: Database) -> ModerationRepository:
    return ModerationRepository(sqlite_database)


@pytest.fixture
def settings(repository: ModerationRepository) -> ServerSettings:
    return ServerSettings(repository, settings_changed=nothing)


async def test_choosing_the_channel_is_a_logged_change(
    settings: ServerSettings, repository: ModerationRepository
) -> None:
    changed = await settings.log_channel.choose(MODERATOR, HERE, CHANNEL)
    assert isinstance(changed, Changed)
    assert changed.summary.startswith(f"The moderators' log is now <#{CHANNEL}>")

    log = await settings.log_channel.show(MODERATOR, HERE)
    assert isinstance(log, LogChannel)
    assert texts.log_status(log) == f"The moderators' log is <#{CHANNEL}>."
    [entry] = await repository.log_channels.pending(log, 5)  # the log's first news
    assert (entry.text, entry.by) == (f"log channel set to {CHANNEL}", MOD)


async def test_refused_in_one_sentence_where_the_bot_cannot_post(
    settings: ServerSettings, repository: ModerationRepository
) -> None:
    refused = await settings.log_channel.choose(
        MODERATOR, HERE, CHANNEL, missing=["View Channel", "Send Messages"]
    )
    assert refused == Refusal(
        f"I can't post in <#{CHANNEL}>: give me View Channel and Send Messages there, "
        "then try again."
    )
    assert await repository.log_channels.channel(GUILD) is None
    assert await repository.recent_changes(GUILD) == []


async def test_turned_off_and_shown(settings: ServerSettings) -> None:
    await settings.log_channel.choose(MODERATOR, HERE, CHANNEL)
    off = await settings.log_channel.choose(MODERATOR, HERE, None)
    assert off == Changed("The moderators' log is off.")
    assert await settings.log_channel.show(MODERATOR, HERE) is None
    assert texts.log_status(None).startswith("There is no moderators' log")


async def test_only_moderators(settings: ServerSettings) -> None:
    member = Actor(100, "Member", moderator=True)  # Manage Messages, not Manage Server
    assert await settings.log_channel.choose(member, HERE, CHANNEL) == MODERATORS_ONLY
    assert await settings.log_channel.show(member, HERE) == MODERATORS_ONLY


async def test_from_the_dashboard_via_web(sqlite_database: Database) -> None:
    dashboard = ModerationRepository(sqlite_database, front_end="web")
    web = ServerSettings(dashboard, settings_changed=nothing)
    await web.log_channel.choose(MODERATOR, HERE, CHANNEL)
    await web.block(MODERATOR, HERE, 77, "spam")
    log = await web.log_channel.show(MODERATOR, HERE)
    assert isinstance(log, LogChannel)
    told = [
        e.text for e in await ModerationRepository(sqlite_database).log_channels.pending(log, 5)
    ]
    assert told == [f"log channel set to {CHANNEL} (via web)", "blocked 77: spam (via web)"]
