"""A challenge through the stand-in with several members: start, enter, a second entry
refused, voting opens at the (moved) deadline, one vote per member that moves, a self-vote,
a new member and a blocked member refused, counts hidden, a tie, the podium and the
leaderboard."""

from __future__ import annotations

import json

from tests.e2e.challenges.steps import (
    Contest,
    answered,
    buttons,
    enter,
    entry_message,
    start,
    votable,
    voting_opens,
)


async def test_a_challenge_from_start_to_podium_and_leaderboard(contest: Contest) -> None:
    c = contest
    announcement = await start(c, entries_close="1h", voting_close="1h")
    ana, ben, cat = c.veteran("Ana"), c.veteran("Ben <@everyone>"), c.veteran("Cat")
    assert "is in" in (await enter(c, announcement, ana, "Ana's rain"))["content"]
    assert "is in" in (await enter(c, announcement, ben, "Ben's rain"))["content"]
    again = await enter(c, announcement, ben, "Ben again")
    assert "as many songs" in again["content"]
    await c.discord.wait_for(lambda: entry_message(c, announcement, "Ben's rain"))

    ana_entry = await voting_opens(c, announcement, "Ana's rain")
    ben_entry = await c.discord.wait_for(lambda: votable(c, announcement, "Ben's rain"))

    own = await answered(c, await c.discord.click(ana_entry, "Vote", user=ana))
    assert "your own entry" in own["content"]
    newcomer = c.discord.new_member("New")
    new = await answered(c, await c.discord.click(ana_entry, "Vote", user=newcomer))
    assert "joined less than" in new["content"]
    first = await answered(c, await c.discord.click(ana_entry, "Vote", user=cat))
    assert "Your vote is for **Ana's rain**" in first["content"]
    assert "hidden" in first["content"]
    moved = await answered(c, await c.discord.click(ben_entry, "Vote", user=cat))
    assert "moved" in moved["content"]
    dan = c.veteran("Dan")
    await answered(c, await c.discord.click(ana_entry, "Vote", user=dan))
    await c.bot.resources.database.write(
        "INSERT INTO blocked_members (guild_id, user_id, blocked_by, created_at)"
        " VALUES (?, ?, ?, ?)",
        (int(c.discord.world.guild_id), int(ana["id"]), 1, c.clock()),
    )
    blocked = await answered(c, await c.discord.click(ben_entry, "Vote", user=ana))
    assert "paused" in blocked["content"]
    shown = await c.discord.slash("challenge", {}, group="show", user=cat)
    shown_text = json.dumps((await answered(c, shown))["embeds"], ensure_ascii=False)
    assert "your vote" in shown_text
    assert "votes" not in shown_text.replace("Vote", "")  # no counts before the end

    c.clock.offset += 3601
    await c.bot.challenges.deadlines.tick()
    podium = await c.discord.wait_for(
        lambda: next((m for m in c.discord.messages.values() if "the results" in m["content"]),
                     None)
    )  # fmt: skip
    assert "🥇" in podium["content"]
    assert podium["content"].count("🥇") == 2  # a tie shares first place
    assert "@everyone" not in podium["content"].replace("\\@everyone", "")
    assert podium.get("allowed_mentions", {"parse": []})["parse"] == []
    entry_ids = (ana_entry["id"], ben_entry["id"])  # no Vote button looks live after the vote
    world = c.discord.world
    await c.discord.wait_for(
        lambda: not any("Vote" in buttons(world.message(e)) for e in entry_ids)
    )
    thread = c.discord.world.threads[announcement["id"]]
    await c.discord.wait_for(lambda: thread["thread_metadata"]["archived"])
    board = await c.discord.slash("challenge", {}, group="leaderboard", user=cat)
    text = json.dumps((await answered(c, board))["embeds"], ensure_ascii=False)
    assert "3 points, 1 wins" in text
