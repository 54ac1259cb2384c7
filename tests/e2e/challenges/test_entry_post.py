"""Through the stand-in: an entry's post in the thread carries its cover, both versions as
players and the song's own Lyrics button (beside Vote once voting opens)."""

from __future__ import annotations

from typing import Any

from tests.e2e.challenges.steps import (
    Contest,
    answered,
    buttons,
    in_thread,
    start,
    voting_opens,
)
from tests.e2e.helpers import EPHEMERAL

IMAGES, AUDIO = (".png", ".jpg", ".gif", ".webp"), (".wav", ".mp3", ".ogg", ".flac", ".m4a")


async def test_an_entry_is_posted_with_its_cover_both_versions_and_its_lyrics(
    contest: Contest,
) -> None:
    c = contest
    announcement = await start(c, entries_close="1h", voting_close="1h")
    ana, ben = c.veteran("Ana"), c.veteran("Ben")
    click = await c.discord.click(announcement, "Make an entry", user=ana)
    await c.discord.wait_for(lambda: click.modal)
    await c.discord.submit_modal(click, {}, user=ana)
    await c.discord.wait_for(
        lambda: any("✅" in str(m.get("embeds")) for m in in_thread(c, announcement)), limit=60
    )
    await c.bot.songs.wait_idle()
    await c.bot.challenges.deadlines.tick()  # the finished song enters, and is posted

    def entry_post() -> dict[str, Any] | None:
        return next((m for m in in_thread(c, announcement)
                     if "Entry 1" in str(m.get("embeds"))), None)  # fmt: skip

    post = await c.discord.wait_for(entry_post)
    challenge = await c.bot.resources.challenges.latest(int(c.discord.world.guild_id))
    assert challenge is not None
    [entry] = await c.bot.resources.challenges.entries(challenge.id)
    assert entry.message_id == int(post["id"])  # posted once, and known to be
    names = [a["filename"] for a in post["attachments"]]
    [cover] = [n for n in names if n.endswith(IMAGES)]
    assert [n.split("-")[:2] for n in names if n.endswith(AUDIO)] == [["version", "1"],
                                                                     ["version", "2"]]  # fmt: skip
    assert post["embeds"][0]["image"]["url"] == f"attachment://{cover}"
    assert "player 2 above" in post["embeds"][0]["description"]
    assert buttons(post) == {"Lyrics": f"songbot:lyrics:{entry.generation_id}"}  # the song's own

    lyrics = await answered(c, await c.discord.click(post, "Lyrics", user=ben))
    assert lyrics["flags"] & EPHEMERAL
    assert lyrics["embeds"][0]["title"].startswith("Lyrics of ")

    voting = await voting_opens(c, announcement, "Entry 1")
    assert list(buttons(voting)) == ["Vote", "Lyrics"]
    c.clock.offset += 3601
    await c.bot.challenges.deadlines.tick()  # the vote ends: the Lyrics stay
    await c.discord.wait_for(lambda: list(buttons(c.discord.world.message(post["id"]))) ==
                             ["Lyrics"])  # fmt: skip
    assert len(c.discord.world.message(post["id"])["attachments"]) == 3
