"""Every page and every access rule over HTTP: visibility, membership and login."""

from __future__ import annotations

import pytest

from bot.store.bot_guilds import BotGuildRepository
from tests.bot.web.conftest import Site, log_in

FOREIGN = 4242  # a server the member is not in


@pytest.mark.parametrize(
    ("visibility", "member", "logged_in", "expected"),
    [
        ("off", True, True, 404), ("off", True, False, 302), ("off", False, True, 404),
        ("members", True, True, 200), ("members", True, False, 302),
        ("members", False, True, 404), ("members", False, False, 302),
        ("public", True, True, 200), ("public", False, True, 200), ("public", False, False, 200),
    ],
)  # fmt: skip
async def test_who_sees_a_gallery(
    site: Site, visibility: str, member: bool, logged_in: bool, expected: int
) -> None:
    guild = site.guild if member else FOREIGN
    await site.visibility(guild, visibility)
    await site.song(guild, "job-a")
    async with site.client() as client:
        if logged_in:
            await log_in(site, client)
        paths = [f"/servers/{guild}", f"/servers/{guild}/songs/job-a",
                 f"/servers/{guild}/members/{site.discord.member['id']}"]  # fmt: skip
        for path in paths:
            async with client.get(site.url + path, allow_redirects=False) as answer:
                assert answer.status == expected, path
                if expected == 302:
                    assert answer.headers["Location"].startswith("/login?next=/servers")
                if expected == 200:
                    assert "Song job-a" in await answer.text()


async def test_the_home_page_lists_the_shared_servers(site: Site) -> None:
    await site.visibility(site.guild, "members")
    await site.song(site.other_guild, "job-b")
    await site.song(FOREIGN, "job-c")
    async with site.client() as client:
        async with client.get(site.url + "/") as anonymous:
            assert "Log in with Discord" in await anonymous.text()
        landed = await log_in(site, client)
        assert landed == "/"
        async with client.get(site.url + "/") as home:
            text = await home.text()
    assert "Stand-in Server" in text
    assert f'href="/servers/{site.guild}"' in text
    assert "Other Server" in text
    assert "Gallery off" in text
    assert str(FOREIGN) not in text
    await BotGuildRepository(site.database).left(site.other_guild)  # the bot left it
    async with site.client() as client:
        await log_in(site, client)
        async with client.get(site.url + "/") as home:
            text = await home.text()
    assert "Stand-in Server" in text
    assert "Other Server" not in text


async def test_search_order_and_pages(site: Site) -> None:
    await site.visibility(site.guild, "public")
    for number in range(30):
        await site.song(site.guild, f"job-{number}", song_name=f"Tune {number}",
                        plays=number % 3, requester="Ana" if number == 7 else "Bo")  # fmt: skip
    await site.song(site.guild, "job-ocean", song_name="Deep Ocean", prompt="waves and wind")
    async with site.client() as client:
        async with client.get(f"{site.url}/servers/{site.guild}", params={"q": "ocea"}) as found:
            text = await found.text()
        assert "Deep Ocean" in text
        assert "Tune 1" not in text
        async with client.get(f"{site.url}/servers/{site.guild}", params={"q": "ana"}) as found:
            assert "Tune 7<" in await found.text()
        async with client.get(f"{site.url}/servers/{site.guild}", params={"q": "wind waves"}) as f:
            assert "Deep Ocean" in await f.text()
        async with client.get(f"{site.url}/servers/{site.guild}") as first:
            text = await first.text()
        assert text.index("Deep Ocean") < text.index("Tune 29<")
        assert "Tune 6<" not in text
        after = text.split("after=")[1].split('"')[0]
        async with client.get(f"{site.url}/servers/{site.guild}?after={after}") as second:
            text = await second.text()
        assert "Tune 6<" in text
        assert "Tune 29<" not in text
        assert "Older songs" not in text
        async with client.get(f"{site.url}/servers/{site.guild}?order=plays") as by_plays:
            text = await by_plays.text()
        assert text.index("Tune 29<") < text.index("Tune 27<")  # 2 plays before 0
        for bad in ("?after=x", "?after=1.99999999999999999999999", "?q=" + "%22*" * 50):
            async with client.get(f"{site.url}/servers/{site.guild}{bad}") as answer:
                assert answer.status == 200


async def test_a_song_its_session_and_its_parent(site: Site) -> None:
    await site.visibility(site.guild, "public")
    await site.visibility(site.other_guild, "public")
    async with site.database.transaction() as db:
        rows = await db.fetch(
            "INSERT INTO jam_sessions (guild_id, channel_id, thread_id, host_id, host_name, title,"
            " mode, created_at, active_at) VALUES (?, 1, 77, 5, 'Host', 'Night drive', 'open',"
            " 0, 0) RETURNING id",
            (site.guild,),
        )
        session_id = int(rows[0][0])
        await db.execute(
            "INSERT INTO jam_lines (session_id, section, position, text, author_id, author_name,"
            " status, created_at) VALUES (?, 'chorus', 1, 'we ride all night', 5, 'Cleo',"
            " 'live', 0)",
            (session_id,),
        )
    parent = await site.song(site.guild, "job-p", song_name="First take", channel_id=77,
                             origin="jam")  # fmt: skip
    await site.song(site.guild, "job-r", song_name="Second take", parent_id=parent,
                    origin="remix", message_id=99,
                    lyrics='[{"label": "chorus", "text": "we ride all night"}]')  # fmt: skip
    async with site.client() as client:
        async with client.get(f"{site.url}/servers/{site.guild}/songs/job-r") as song:
            text = await song.text()
        assert "Remix of" in text
        assert f"/servers/{site.guild}/songs/job-p" in text
        assert f"https://discord.com/channels/{site.guild}/1/99" in text
        assert "we ride all night" in text
        async with client.get(f"{site.url}/servers/{site.guild}/songs/job-p") as song:
            text = await song.text()
        assert f"/sessions/{session_id}" in text
        assert "Cleo" in text
        async with client.get(f"{site.url}/servers/{site.guild}/sessions/{session_id}") as page:
            text = await page.text()
        assert "Night drive" in text
        assert "we ride all night" in text
        assert "First take" in text
        async with client.get(f"{site.url}/servers/{site.other_guild}/sessions/{session_id}") as x:
            assert x.status == 404  # another server's session is not this one's
        async with client.get(f"{site.url}/servers/{site.guild}/songs/nope") as missing:
            assert missing.status == 404


async def test_deleted_failed_and_refused_media_never_show(site: Site) -> None:
    await site.visibility(site.guild, "public")
    await site.song(site.guild, "job-gone", song_name="Gone", deleted_at=1.0)
    await site.song(site.guild, "job-fail", song_name="Failed", status="failed")
    await site.song(site.guild, "job-ok", song_name="Fine", cover_url="http://10.0.0.1/x.png",
                    audio_url_v1="javascript:alert(1)",
                    audio_url_v2="https://evil.example/a.mp3")  # fmt: skip
    async with site.client() as client:
        async with client.get(f"{site.url}/servers/{site.guild}") as page:
            text = await page.text()
        for path in ("/songs/job-gone", "/songs/job-fail"):
            async with client.get(f"{site.url}/servers/{site.guild}{path}") as answer:
                assert answer.status == 404
    assert "Fine" in text
    assert "Gone" not in text
    assert "Failed" not in text
    assert "javascript:" not in text
    assert "evil.example" not in text
    assert "10.0.0.1" not in text


async def test_health(site: Site) -> None:
    async with site.client() as client, client.get(site.url + "/healthz") as answer:
        assert answer.status == 200
        assert (await answer.json())["healthy"] is True
