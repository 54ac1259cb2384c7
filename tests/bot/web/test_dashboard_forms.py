"""Each dashboard form over HTTP: it changes what ``/songadmin`` changes, through the same
use case (the same checks, the same settings log, "via web" and who), refuses what the
command refuses with one sentence, and changes only what differs."""

from __future__ import annotations

from typing import Any

import pytest

from bot.store.challenges import ChallengeRepository
from bot.store.jams import JamRepository
from bot.store.moderation import ModerationRepository
from tests.bot.web.conftest import Site, log_in
from tests.bot.web.test_dashboard import post

ROLE, CHANNEL, MEMBER = "123456789012345678", "223456789012345678", "323456789012345678"
HOSTILE = '<script>alert("x")</script>'


async def _send(site: Site, *forms: tuple[str, dict[str, str]]) -> str:
    """As a moderator, send the forms in turn; the dashboard page after the last (with what
    it said of the change)."""
    site.moderator()
    page = ""
    async with site.client() as client:
        await log_in(site, client)
        for form, values in forms:
            status, page = await post(site, client, form, values)
            assert status == 200, form
    return page


async def _log(site: Site) -> list[Any]:
    return await ModerationRepository(site.database).recent_changes(site.guild, 20)


async def test_the_limits_form_changes_only_what_differs(site: Site) -> None:
    page = await _send(site, ("limits", {"member_daily": "3", "cooldown_seconds": ""}))
    policy = await ModerationRepository(site.database).policy(site.guild)
    assert policy.member_daily == 3
    assert policy.cooldown_seconds is None
    (entry,) = await _log(site)
    assert entry.change == "songs per member per day = 3 (via web)"
    assert entry.user_id == int(site.discord.oauth.user["id"])
    assert "Limits updated: songs per member per day = 3." in page
    assert "songs per member per day = 3 (via web)" in page  # the latest changes


@pytest.mark.parametrize(
    ("value", "said"),
    [("abc", "a whole number from 0 to 100000"), ("100001", "from 0 to 100000"),
     ("-1", "from 0 to 100000"), ("2.5", "a whole number")],
)  # fmt: skip
async def test_a_bad_limit_is_one_sentence_and_changes_nothing(
    site: Site, value: str, said: str
) -> None:
    page = await _send(site, ("limits", {"member_daily": value}))
    assert said in page
    assert await _log(site) == []


async def test_nothing_changed_is_said(site: Site) -> None:
    page = await _send(site, ("limits", {"member_daily": ""}))
    assert "Nothing to change" in page


async def test_the_queue_forms(site: Site) -> None:
    await _send(
        site, ("queue", {"mode": "refuse", "member_waiting": "2", "server_waiting": ""}),
        ("pause", {"paused": "pause"}),
    )  # fmt: skip
    policy = await ModerationRepository(site.database).policy(site.guild)
    assert (policy.queue_mode, policy.member_waiting, policy.queue_paused) == ("refuse", 2, True)
    changes = [entry.change for entry in await _log(site)]
    assert all(change.endswith("(via web)") for change in changes)
    await _send(site, ("pause", {"paused": "resume"}))
    assert not (await ModerationRepository(site.database).policy(site.guild)).queue_paused


async def test_cancel_needs_the_bots_queue_here(site: Site) -> None:
    page = await _send(site, ("cancel", {"song": "7"}))
    assert "in another process" in page
    assert "Pause</button>" not in page  # the queue's buttons only where they act at once


async def test_role_limits_set_and_clear(site: Site) -> None:
    page = await _send(site, ("role", {"role": ROLE, "daily": "5"}))
    assert (await ModerationRepository(site.database).policy(site.guild)).role_daily == {
        int(ROLE): 5
    }
    assert f"role {ROLE}: 5 a day" in page
    await _send(site, ("role_clear", {"role": ROLE}))
    assert (await ModerationRepository(site.database).policy(site.guild)).role_daily == {}


async def test_a_bad_id_is_refused(site: Site) -> None:
    page = await _send(site, ("role", {"role": "12ab", "daily": "5"}))
    assert "a Discord id is 17 to 20 digits" in page
    assert await _log(site) == []


async def test_channels_allowed_and_removed(site: Site) -> None:
    await _send(site, ("channel", {"channel": CHANNEL, "allowed": "allow"}))
    policy = await ModerationRepository(site.database).policy(site.guild)
    assert policy.allowed_channels == {int(CHANNEL)}
    page = await _send(site, ("channel", {"channel": CHANNEL, "allowed": "remove"}))
    assert not (await ModerationRepository(site.database).policy(site.guild)).allowed_channels
    assert f"channel {CHANNEL} is no longer on the allowed list" in page


async def test_block_and_unblock_with_a_hostile_reason(site: Site) -> None:
    page = await _send(site, ("block", {"member": MEMBER, "reason": HOSTILE}))
    (block,) = await ModerationRepository(site.database).blocks(site.guild)
    assert (block.user_id, block.reason) == (int(MEMBER), HOSTILE)
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page
    await _send(site, ("unblock", {"member": MEMBER}))
    assert await ModerationRepository(site.database).blocks(site.guild) == []


async def test_time_zone_and_gallery(site: Site) -> None:
    monday = {"week_start": "Monday"}
    page = await _send(site, ("timezone", {"name": "Mars/Olympus"} | monday))
    assert "time zone" in page.lower()
    await _send(
        site, ("timezone", {"name": "Europe/Paris"} | monday), ("gallery", {"visibility": "public"})
    )
    policy = await ModerationRepository(site.database).policy(site.guild)
    assert policy.timezone == "Europe/Paris"
    page = await _send(site, ("gallery", {"visibility": "everyone"}))
    assert "choose one of off, members, public" in page
    async with site.client() as anonymous, anonymous.get(f"{site.url}/servers/{site.guild}") as g:
        assert g.status == 200  # public now


async def test_session_rules(site: Site) -> None:
    await _send(site, ("sessions", {"max_open": "3", "idle_hours": "24", "starter_role": ROLE}))
    stored = await JamRepository(site.database).settings(site.guild)
    assert (stored.max_open, stored.idle_hours, stored.starter_role_id) == (3, None, int(ROLE))
    changes = [entry.change for entry in await _log(site)]
    assert changes[0].startswith("sessions: ")
    assert changes[0].endswith("(via web)")
    page = await _send(site, ("sessions", {"sheet_chars": "4000"}))
    assert "from 0 to 3500" in page
    await _send(site, ("sessions", {"max_open": "", "starter_role": ""}))
    stored = await JamRepository(site.database).settings(site.guild)
    assert (stored.max_open, stored.starter_role_id) == (None, None)  # the defaults again


async def test_challenge_rules(site: Site) -> None:
    await _send(site, ("challenges", {"min_member_days": "0", "starter_role": ROLE}))
    stored = await ChallengeRepository(site.database).settings(site.guild)
    assert (stored.min_member_days, stored.starter_role_id) == (0, int(ROLE))
    (entry,) = await _log(site)
    assert entry.change.startswith("challenges: ")
    assert entry.change.endswith("(via web)")


async def test_roles_are_picked_by_name_and_an_unknown_one_stays(site: Site) -> None:
    dj = site.discord.dj_role["id"]
    page = await _send(
        site, ("sessions", {"starter_role": dj}), ("challenges", {"starter_role": ROLE})
    )
    assert f'<option value="{dj}" selected>DJ</option>' in page  # the server's roles, by name
    assert f'<option value="{ROLE}" selected>role {ROLE}</option>' in page  # kept, not lost
    assert "@everyone" not in page


async def test_open_sessions_link_to_their_page_while_the_gallery_is_on(site: Site) -> None:
    await site.database.write(
        "INSERT INTO jam_sessions (guild_id, channel_id, host_id, host_name, title, mode,"
        " created_at, active_at) VALUES (?, 1, 2, 'Ana', ?, 'open', 0, 0)",
        (site.guild, HOSTILE),
    )
    page = await _send(site, ("gallery", {"visibility": "members"}))
    assert f'href="/servers/{site.guild}/sessions/' in page
    assert "&lt;script&gt;" in page
    assert "<script>alert" not in page
