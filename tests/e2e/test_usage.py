"""Limits set by moderators, enforced on /song, shown by /usage: end to end."""

from __future__ import annotations

import functools
from typing import Any

import pytest

from bot.core import replies
from tests.e2e.helpers import (
    DEFERRED,
    EPHEMERAL,
    MOD,
    Harness,
    acknowledge_at_once,
    admin,
    answer_call,
    fields,
    finished,
    reply,
)
from tests.standin.discord import payloads as p
from tests.standin.discord.server import Call, Interaction


async def song(h: Harness, **kwargs: Any) -> tuple[Interaction, dict[str, Any]]:
    interaction = await h.discord.slash("song", {"prompt": "x"}, **kwargs)
    return interaction, await reply(h, interaction)


async def test_daily_limit_set_by_a_moderator_is_enforced(harness: Harness) -> None:
    h = harness
    answer = await admin(h, "limits", member_daily=1, cooldown_seconds=0)
    assert answer["flags"] & EPHEMERAL
    assert "songs per member per day = 1" in answer["content"]
    first, _ = await song(h)
    await h.discord.wait_for(finished(h, first))
    await h.bot.songs.wait_idle()
    _, refused = await song(h)
    assert refused["flags"] & EPHEMERAL
    assert "You've made your 1 song for today. More <t:" in refused["content"]
    assert len(h.simulator.simulator.jobs) == 1

    usage = await reply(h, await h.discord.slash("usage", {}))
    embed = usage["embeds"][0]
    assert fields(embed)["Today"].startswith("1 song ·")
    assert "**0** of 1 songs left today · resets <t:" in fields(embed)["Limits"]


async def test_members_without_manage_server_cannot_change_limits(harness: Harness) -> None:
    h = harness
    answer = await admin(h, "limits", permissions=p.MEMBER_PERMISSIONS, member_daily=1)
    assert "don't have permission" in answer["content"]
    assert (await h.bot.resources.moderation.policy(int(h.discord.guild_id))).member_daily is None
    other = h.discord.member_ref(h.discord.owner)
    peek = await reply(h, await h.discord.slash("usage", {"member": other}))
    assert "Only moderators" in peek["content"]


async def test_fifty_at_once_from_one_member_with_a_limit_of_three(harness: Harness) -> None:
    h = harness
    await admin(h, "limits", member_daily=3)
    interactions = [await h.discord.slash("song", {"prompt": f"n{n}"}) for n in range(50)]
    answers = [await reply(h, i) for i in interactions]
    refused = [a for a in answers if a.get("flags", 0) & EPHEMERAL]
    assert len(refused) == 47
    for interaction in interactions:
        if not (h.discord.original(interaction) or {}).get("flags", 0) & EPHEMERAL:
            await h.discord.wait_for(finished(h, interaction), limit=60)
    await h.bot.songs.wait_idle()
    assert len(h.simulator.simulator.jobs) == 3


async def test_blocked_members_and_channel_allow_list(harness: Harness) -> None:
    h = harness
    member = h.discord.member_ref(h.discord.member)
    await admin(h, "block", member=member, reason="spam")
    _, refused = await song(h)
    assert "paused your song-making" in refused["content"]
    await admin(h, "unblock", member=member)
    await admin(h, "channel", channel=h.discord.channel_ref(1), allowed=True)
    _, elsewhere = await song(h, channel=0)
    assert f"<#{h.discord.channel_ids[1]}>" in elsewhere["content"]
    assert h.simulator.simulator.jobs == {}


async def test_role_override_and_settings_view(harness: Harness) -> None:
    h = harness
    await admin(h, "limits", member_daily=1)
    await admin(h, "role", role=h.discord.role_ref(h.discord.dj_role), daily=0)
    for _ in range(2):
        interaction, _ = await song(h, roles=[h.discord.dj_role["id"]])
        await h.discord.wait_for(finished(h, interaction))
        await h.bot.songs.wait_idle()
    assert len(h.simulator.simulator.jobs) == 2
    shown = (await admin(h, "show"))["embeds"][0]
    assert fields(shown)["Per member"].startswith("Daily: 1")
    assert f"<@&{h.discord.dj_role['id']}>: no limit a day" in fields(shown)["Role limits"]
    assert f"<@{h.discord.owner['id']}>" in fields(shown)["Recent changes"]


async def test_failures_before_billing_give_the_song_back(harness: Harness) -> None:
    from bot.mock_api import Faults

    h = harness
    await admin(h, "limits", member_daily=1)
    h.simulator.simulator.config.faults = Faults.parse("error=invalid_key")
    interaction, _ = await song(h)
    await h.discord.wait_for(finished(h, interaction))
    await h.bot.songs.wait_idle()
    h.simulator.simulator.config.faults = Faults()
    again, answer = await song(h)
    assert not answer.get("flags", 0) & EPHEMERAL  # the slot was given back
    message = await h.discord.wait_for(finished(h, again))
    await h.bot.songs.wait_idle()
    assert fields(message["embeds"][0])["Status"] == "✅ Done"


async def test_server_usage_view(harness: Harness) -> None:
    h = harness
    interaction, _ = await song(h)
    await h.discord.wait_for(finished(h, interaction))
    await h.bot.songs.wait_idle()
    view = (await admin(h, "usage"))["embeds"][0]
    assert fields(view)["Today"].startswith("1 song")
    assert f"<@{h.discord.member['id']}>" in fields(view)["Top members (30 days)"]
    assert "█" in fields(view)["Per day (30 days)"]


async def test_a_refusal_after_thinking_is_shown_only_to_the_member(harness: Harness) -> None:
    h = harness
    await admin(h, "block", member=h.discord.member_ref(h.discord.member), reason="spam")
    acknowledge_at_once(h)
    interaction = await h.discord.slash("song", {"prompt": "x"})
    [follow_up] = await h.discord.wait_for(lambda: h.discord.calls_to("POST /webhooks"))
    assert follow_up.json["flags"] & EPHEMERAL
    assert "paused your song-making" in follow_up.json["content"]
    assert h.discord.calls_to("DELETE /webhooks")  # the public "thinking…" is gone
    assert h.discord.original(interaction) is None
    assert h.simulator.simulator.calls == []


async def test_help_says_what_songbot_does_and_your_limits(harness: Harness) -> None:
    h = harness
    await admin(h, "limits", member_daily=2, cooldown_seconds=30)
    answer = await reply(h, await h.discord.slash("help", {}))
    assert answer["flags"] & EPHEMERAL
    embed = answer["embeds"][0]
    assert "/jam start" in fields(embed)["Commands"]
    assert "/challenge start" in fields(embed)["Commands"]
    assert "Regenerate" in fields(embed)["Buttons"]
    assert fields(embed)["Your limits here"] == "2 of 2 songs left today\n30 s between songs"
    assert "token budgets" in fields(embed)["Commands"]


@pytest.mark.parametrize("busy", [False, True])
async def test_usage_views_carry_a_chart(
    harness: Harness, busy: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Also on a bot too busy to draw them within Discord's 3 seconds: "thinking…" first."""
    h = harness
    interaction, _ = await song(h)
    await h.discord.wait_for(finished(h, interaction))
    await h.bot.songs.wait_idle()
    if busy:
        monkeypatch.setattr(replies, "ANSWER_WITHIN", 0.0)
    mine = await h.discord.slash("usage", {})
    server = await h.discord.slash("songadmin", {}, group="usage", permissions=MOD)
    for asked in (mine, server):
        call: Call = await h.discord.wait_for(functools.partial(answer_call, h.discord, asked))
        [chart] = call.files
        assert chart.filename == "usage.png"
        assert chart.data.startswith(b"\x89PNG")
        shown = await reply(h, asked)
        assert shown["flags"] & EPHEMERAL
        assert shown["embeds"][0]["image"]["url"] == "attachment://usage.png"
        if busy:
            [callback] = [c for c in h.discord.calls_to("POST /interactions") if asked.id in c.path]
            assert callback.json["type"] == DEFERRED


async def test_answers_after_thinking_are_read_as_the_member_sees_them(harness: Harness) -> None:
    """A busy bot answers "thinking…" first; the answer the tests read is the one that
    follows it: the song's message edited in, or the private refusal."""
    h = harness
    await admin(h, "limits", member_daily=1, cooldown_seconds=0)
    acknowledge_at_once(h)
    first, made = await song(h)
    assert not made["flags"] & EPHEMERAL
    assert made["embeds"][0]["author"]["name"] == f"Requested by {h.discord.member['username']}"
    await h.discord.wait_for(finished(h, first))
    await h.bot.songs.wait_idle()
    _, refused = await song(h)
    assert refused["flags"] & EPHEMERAL
    assert "You've made your 1 song for today." in refused["content"]
