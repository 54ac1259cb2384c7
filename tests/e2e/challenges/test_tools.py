"""Through the stand-in: an entry made with Make an entry (the /song path, in the thread),
a moderator extending and disqualifying, /songadmin challenge, and a recurring challenge
starting its next theme by itself."""

from __future__ import annotations

from tests.e2e.challenges.steps import (
    Contest,
    answered,
    buttons,
    enter,
    entry_message,
    in_thread,
    start,
    voting_opens,
)
from tests.e2e.helpers import handled
from tests.standin.discord import payloads as p


async def moderator(c: Contest, command: str, **options: object) -> str:
    slash = await c.discord.slash("challenge", dict(options), group=command,
                                  user=c.discord.owner, permissions=p.ALL_PERMISSIONS)  # fmt: skip
    content: str = (await answered(c, slash))["content"]
    return content


async def test_an_entry_made_with_make_an_entry_enters_when_done(contest: Contest) -> None:
    c = contest
    announcement = await start(c, entries_close="1h", voting_close="1h")
    ana = c.veteran("Ana")
    click = await c.discord.click(announcement, "Make an entry", user=ana)
    await c.discord.wait_for(lambda: click.modal)
    assert click.modal is not None
    await c.discord.submit_modal(click, {}, user=ana)  # the theme, pre-filled, as the prompt
    song = await c.discord.wait_for(
        lambda: next((m for m in in_thread(c, announcement) if "✅" in str(m.get("embeds"))),
                     None), limit=60,
    )  # fmt: skip
    assert song["channel_id"] == announcement["id"]  # made in the challenge's thread
    await c.bot.songs.wait_idle()
    await c.bot.challenges.deadlines.tick()  # the clock looks for the song being done
    challenge = await c.bot.resources.challenges.latest(int(c.discord.world.guild_id))
    assert challenge is not None
    [entry] = await c.bot.resources.challenges.entries(challenge.id)
    assert entry.user_id == int(ana["id"])
    assert entry.disqualified is None


async def test_extend_and_disqualify(contest: Contest) -> None:
    c = contest
    announcement = await start(c, entries_close="1h", voting_close="1h")
    ana, ben = c.veteran("Ana"), c.veteran("Ben")
    await enter(c, announcement, ana, "Ana's rain")
    await enter(c, announcement, ben, "Ben's rain")
    assert "entries now close" in await moderator(c, "extend", by="1h")
    await handled()  # the entries' posts made and recorded before the hour passes
    c.clock.offset += 3601
    await c.bot.challenges.deadlines.tick()
    challenge = await c.bot.resources.challenges.latest(int(c.discord.world.guild_id))
    assert challenge is not None
    assert challenge.state == "entries"  # an hour more
    refused = await c.discord.slash("challenge", {"by": "1h"}, group="extend", user=ana)
    assert "Only a moderator" in (await answered(c, refused))["content"]

    said = await moderator(c, "disqualify", entry=2, reason="not <@everyone> a rain song")
    assert "disqualified" in said
    await c.discord.wait_for(
        lambda: any("not" in m["content"] and "disqualified" in m["content"]
                    for m in in_thread(c, announcement))
    )  # fmt: skip
    ana_entry = await voting_opens(c, announcement, "Ana's rain")
    ben_entry = entry_message(c, announcement, "Ben's rain")
    assert ben_entry is not None
    assert list(buttons(ben_entry)) == ["Lyrics"]  # a disqualified entry gets no Vote button
    cat = c.veteran("Cat")
    assert (
        "Your vote"
        in (await answered(c, await c.discord.click(ana_entry, "Vote", user=cat)))["content"]
    )


async def test_songadmin_challenge_sets_who_starts_and_who_votes(contest: Contest) -> None:
    c = contest
    ana = c.veteran("Ana")
    refused = await c.discord.slash("challenge", {"theme": "rain"}, group="start", user=ana)
    assert "Only moderators" in (await answered(c, refused))["content"]
    rules = await c.discord.slash(
        "songadmin", {"starter_role": c.discord.role_ref(c.discord.dj_role), "min_member_days": 0},
        group="challenge", user=c.discord.owner, permissions=p.ALL_PERMISSIONS,
    )  # fmt: skip
    assert "vote after 0 days" in (await answered(c, rules))["content"]
    allowed = await c.discord.slash("challenge", {"theme": "rain"}, group="start", user=ana,
                                    roles=[c.discord.dj_role["id"]])  # fmt: skip
    await c.discord.wait_for(lambda: c.discord.original(allowed))
    log = await c.bot.resources.moderation.recent_changes(int(c.discord.world.guild_id))
    assert any("challenges:" in str(change) for change in log)


async def test_a_recurring_challenge_starts_its_next_theme(contest: Contest) -> None:
    c = contest
    await start(c, entries_close="1h", voting_close="1h", repeat_with="night drive; snow")
    c.clock.offset += 3601  # nobody entered: it ends, and the next one starts
    await c.bot.challenges.deadlines.tick()
    await c.bot.challenges.deadlines.tick()
    guild_id = int(c.discord.world.guild_id)
    [current] = await c.bot.resources.challenges.live(guild_id)
    assert current.theme == "night drive"
    await c.discord.wait_for(lambda: current.id and any(
        "night drive" in str(m.get("embeds")) for m in c.discord.messages.values()
    ))  # fmt: skip
