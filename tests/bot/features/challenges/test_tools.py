"""The moderators' tools: extend a deadline, end a phase now, disqualify an entry (the reason
said in the thread), cancel, a new season and the server's rules; every change logged;
members refused."""

from __future__ import annotations

from bot.core.acting import Done, Refusal
from tests.bot.features.challenges.conftest import ANA, GUILD, HERE, MOD, NOW, World


async def changes(world: World) -> list[str]:
    async with world.repo.database.reading() as db:
        rows = await db.fetch(
            "SELECT change FROM settings_log WHERE guild_id = ? ORDER BY id", (GUILD,)
        )
    return [str(row[0]) for row in rows]


async def test_members_are_refused_every_tool(world: World) -> None:
    challenge = await world.start()
    for refused in (
        await world.tools.extend(ANA, HERE, "1h"),
        await world.tools.end_now(ANA, challenge.id),
        await world.tools.disqualify(ANA, HERE, 1, "no"),
        await world.tools.cancel(ANA, HERE),
        await world.tools.new_season(ANA, HERE),
    ):
        assert isinstance(refused, Refusal)
        assert "Only a moderator" in refused.text


async def test_extending_moves_the_running_phase_and_the_vote_after_it(world: World) -> None:
    challenge = await world.start(entries_for="1h", voting_for="1h")
    bad = await world.tools.extend(MOD, HERE, "a while")
    assert isinstance(bad, Refusal)
    extended = await world.tools.extend(MOD, HERE, "2h")
    assert isinstance(extended, Done)
    assert f"<t:{int(NOW + 3 * 3600)}:R>" in extended.text
    assert extended.then is not None
    await extended.then()
    current = await world.repo.challenge(challenge.id)
    assert current is not None
    assert (current.entries_close, current.voting_close) == (NOW + 3 * 3600, NOW + 4 * 3600)
    assert await changes(world) == [f"challenge {challenge.id}: entries extended by 2h"]


async def test_a_disqualified_entry_is_said_in_the_thread_and_out_of_the_running(
    world: World,
) -> None:
    challenge = await world.start(entries_for="1h", voting_for="1h")
    await world.enter(ANA, "Ana's")
    missing = await world.tools.disqualify(MOD, HERE, 2, "no")
    assert isinstance(missing, Refusal)
    assert "no entry 2" in missing.text
    out = await world.tools.disqualify(MOD, HERE, 1, "not about rain")
    assert isinstance(out, Done)
    assert out.then is not None
    await out.then()
    assert world.board.said == ["Entry 1 (**Ana's**) is disqualified: not about rain"]
    await world.to_voting(challenge)
    current = await world.repo.challenge(challenge.id)
    assert current is not None
    assert current.state == "closed"  # nobody left in the running


async def test_ending_a_phase_now_and_cancelling(world: World) -> None:
    challenge = await world.start(entries_for="1h", voting_for="1h")
    await world.enter(ANA, "Ana's")
    ended = await world.tools.end_now(MOD, challenge.id)
    assert isinstance(ended, Done)
    assert ended.then is not None
    await ended.then()
    current = await world.repo.challenge(challenge.id)
    assert current is not None
    assert (current.state, current.voting_close) == ("voting", NOW + 3600)
    assert isinstance(await world.tools.cancel(MOD, HERE), Done)
    current = await world.repo.challenge(challenge.id)
    assert current is not None
    assert current.state == "cancelled"
    nothing = await world.tools.end_now(MOD, challenge.id)
    assert isinstance(nothing, Refusal)
    assert "no phase left" in nothing.text


async def test_a_new_season_and_the_server_s_rules(world: World) -> None:
    season = await world.tools.new_season(MOD, HERE)
    assert isinstance(season, Done)
    assert "Season 2" in season.text
    await world.tools.configure(MOD, HERE, {"min_member_days": 3}, "challenges: days = 3")
    settings = await world.repo.settings(GUILD)
    assert (settings.season, settings.min_member_days) == (2, 3)
    assert (await changes(world))[-1] == "challenges: days = 3"
