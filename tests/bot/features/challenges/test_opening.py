"""Starting a challenge: the deadlines read from what a person typed, who may start, one at a
time in a channel, and a recurring challenge's themes."""

from __future__ import annotations

from bot.core.acting import Actor, Place, Refusal
from bot.features.challenges.opening import Start, following, themes_of
from bot.features.challenges.outcomes import Started
from tests.bot.features.challenges.conftest import ANA, GUILD, HERE, MOD, NOW, OLD, World

STARTER_ROLE = 77


async def test_a_moderator_starts_a_challenge_with_the_deadlines_typed(world: World) -> None:
    started = await world.starts.start(MOD, HERE, Start("rain", entries_for="1h",
                                                        voting_for="30m"))  # fmt: skip
    assert isinstance(started, Started), started
    challenge = started.challenge
    assert (challenge.theme, challenge.state, challenge.host_id) == ("rain", "entries", 10)
    assert (challenge.entries_close, challenge.voting_close) == (NOW + 3600, NOW + 5400)
    assert challenge.themes is None  # not recurring


async def test_durations_and_entries_per_member_are_checked_first(world: World) -> None:
    bad = await world.starts.start(MOD, HERE, Start("rain", entries_for="soon"))
    assert isinstance(bad, Refusal)
    assert "`soon`" in bad.text
    too_many = await world.starts.start(MOD, HERE, Start("rain", entries_per_member=6))
    assert isinstance(too_many, Refusal)
    assert "between 1 and 5" in too_many.text
    assert await world.repo.live(GUILD) == []


async def test_one_challenge_at_a_time_in_a_channel(world: World) -> None:
    await world.start()
    again = await world.starts.start(MOD, HERE, Start("snow"))
    assert isinstance(again, Refusal)
    assert "already running" in again.text
    elsewhere = await world.starts.start(MOD, Place(GUILD, 99), Start("snow"))
    assert isinstance(elsewhere, Started)


async def test_moderators_start_or_a_role_they_choose(world: World) -> None:
    member = await world.starts.start(ANA, HERE, Start("rain"))
    assert isinstance(member, Refusal)
    assert "Only moderators" in member.text
    await world.repo.set_settings(GUILD, {"starter_role_id": STARTER_ROLE}, by=10, change="x")
    without = await world.starts.start(ANA, HERE, Start("rain"))
    assert isinstance(without, Refusal)
    assert f"<@&{STARTER_ROLE}>" in without.text
    starter = Actor(14, "Dee", frozenset({STARTER_ROLE}), joined_at=OLD)
    assert isinstance(await world.starts.start(starter, HERE, Start("rain")), Started)


async def test_a_paused_member_starts_nothing(world: World) -> None:
    await world.pause(MOD)
    paused = await world.starts.start(MOD, HERE, Start("rain"))
    assert isinstance(paused, Refusal)
    assert "paused" in paused.text


async def test_a_recurring_challenge_s_themes_come_in_turn(world: World) -> None:
    assert themes_of("rain;  night   drive | coffee;;") == ("rain", "night drive", "coffee")
    challenge = await world.start(entries_for="1h", voting_for="2h", more_themes=("snow",))
    later = NOW + 10_000
    nxt = following(challenge, later)
    assert nxt is not None
    assert (nxt.theme, nxt.created_at, nxt.entries_close, nxt.voting_close) == (
        "snow", later, later + 3600, later + 3 * 3600,
    )  # fmt: skip
    after = await world.starts.start(MOD, Place(GUILD, 99), Start("one-off"))
    assert isinstance(after, Started)
    assert following(after.challenge, later) is None
