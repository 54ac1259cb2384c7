"""The Delete button under a song: it asks first, only the song's maker or a moderator may
use it, and it removes every message that shows the song (follow-ups and reposts too)."""

from __future__ import annotations

from tests.e2e.helpers import (
    EPHEMERAL,
    LABELS,
    Harness,
    a_song,
    admin,
    buttons,
    handled,
    made,
    reply,
)
from tests.standin.discord import payloads as p


async def test_delete_asks_then_removes_the_messages_but_the_song_still_counts(
    harness: Harness,
) -> None:
    h = harness
    await admin(h, "limits", member_daily=1)
    original = await a_song(h)
    ask = await h.discord.click(original, "Delete")
    confirm = await h.discord.wait_for(lambda: h.discord.original(ask))
    assert confirm["flags"] & EPHEMERAL
    assert "can't be undone" in confirm["content"]
    assert [b["label"] for b in buttons(confirm)] == ["Yes, delete it", "Keep it"]

    await h.discord.click(confirm, "Yes, delete it")
    await h.discord.wait_for(lambda: "Deleted" in h.discord.messages[confirm["id"]]["content"])
    assert original["id"] not in h.discord.messages
    assert buttons(h.discord.messages[confirm["id"]]) == []

    refused = await reply(h, await h.discord.slash("song", {"prompt": "again"}))
    assert "You've made your 1 song for today" in refused["content"]  # it still counts
    history = await reply(h, await h.discord.slash("songs", {}, group="history"))
    assert "🗑️ deleted" in history["embeds"][0]["description"]


async def test_keep_changes_nothing(harness: Harness) -> None:
    h = harness
    original = await a_song(h)
    ask = await h.discord.click(original, "Delete")
    confirm = await h.discord.wait_for(lambda: h.discord.original(ask))
    await h.discord.click(confirm, "Keep it")
    await h.discord.wait_for(
        lambda: h.discord.messages[confirm["id"]]["content"].startswith("Kept")
    )
    assert original["id"] in h.discord.messages


async def test_only_the_requester_or_a_moderator_may_delete(harness: Harness) -> None:
    h = harness
    original = await a_song(h)
    stranger = await reply(h, await h.discord.click(original, "Delete", user=h.discord.owner))
    assert stranger["flags"] & EPHEMERAL
    assert "Only the member who made this song, or a moderator" in stranger["content"]
    moderator = await reply(
        h,
        await h.discord.click(
            original,
            "Delete",
            user=h.discord.owner,
            permissions=p.MEMBER_PERMISSIONS | p.MANAGE_MESSAGES,
        ),
    )
    assert "can't be undone" in moderator["content"]


async def test_delete_removes_follow_ups_and_reposts_too(harness: Harness) -> None:
    h = harness
    lyrics = "\n\n".join(f"[Verse {n}]\n" + "la " * 230 for n in range(1, 9))  # 2 messages
    interaction = await h.discord.slash("song", {"prompt": "x", "lyrics": lyrics})
    original = await made(h, interaction)
    [job] = h.simulator.simulator.jobs.values()
    more = [m["id"] for m in h.discord.followups(interaction)]
    assert more
    show = await h.discord.slash("songs", {"job_id": job.job_id}, group="show")
    reposts = [
        await h.discord.wait_for(
            lambda: buttons(h.discord.original(show) or {}) and h.discord.original(show)
        )
    ]
    await handled()  # its follow-ups posted and recorded with the song, as a member would wait
    reposts += h.discord.followups(show)
    assert [b["label"] for b in buttons(reposts[0])] == LABELS

    ask = await h.discord.click(reposts[0], "Delete")
    confirm = await h.discord.wait_for(lambda: h.discord.original(ask))
    await h.discord.click(confirm, "Yes, delete it")
    await h.discord.wait_for(lambda: "Deleted" in h.discord.messages[confirm["id"]]["content"])
    gone = {original["id"], *more, *(m["id"] for m in reposts)}
    assert not gone & set(h.discord.messages)
    answer = await reply(h, await h.discord.slash("songs", {"job_id": job.job_id}, group="show"))
    assert "deleted" in answer["content"]
