"""The gallery's safety over HTTP: escaping, CSRF, local redirects only, expiring and
encrypted sessions without Discord's token, the login's checks and rate limit, hiding."""

from __future__ import annotations

import json
import time
from urllib.parse import parse_qsl, urlsplit

from cryptography.fernet import Fernet
from yarl import URL

from bot.web.app import COOKIE
from bot.web.config import fernet_key
from tests.bot.web.conftest import Site, log_in

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


async def test_hostile_text_is_escaped(site: Site) -> None:
    await site.visibility(site.guild, "public")
    await site.song(site.guild, "job-h", song_name=HOSTILE, prompt=HOSTILE, requester=HOSTILE,
                    lyrics=json.dumps([{"label": HOSTILE, "text": HOSTILE}]))  # fmt: skip
    async with site.client() as client:
        for path in ("", "/songs/job-h", "?q=" + HOSTILE):
            async with client.get(f"{site.url}/servers/{site.guild}{path}") as answer:
                text = await answer.text()
                assert "<script>alert" not in text
                assert "<img src=x" not in text
                assert "script-src 'self'" in answer.headers["Content-Security-Policy"]
                assert answer.headers["X-Frame-Options"] == "DENY"
        async with client.get(f"{site.url}/servers/{site.guild}/songs/job-h") as answer:
            assert "&lt;script&gt;" in await answer.text()


async def test_the_session_cookie_is_encrypted_and_holds_no_token(site: Site) -> None:
    async with site.client() as client:
        async with client.get(f"{site.url}/login", allow_redirects=False) as started:
            attributes = started.headers["Set-Cookie"].lower()
        assert "httponly" in attributes
        assert "samesite=lax" in attributes
        assert "secure" not in attributes  # plain http here; https public URLs set it
        await log_in(site, client)
        cookie = client.cookie_jar.filter_cookies(URL(site.url))[COOKIE]
    data = json.loads(Fernet(fernet_key(site.config.session_key)).decrypt(cookie.value.encode()))
    assert set(data["session"]) <= {"viewer", "csrf"}  # no token, nothing of the login left
    assert all(token not in cookie.value for token in site.discord.oauth.tokens)
    exchange = site.discord.oauth.exchanges[0]
    assert exchange["redirect_uri"] == site.url + "/auth/discord/callback"
    assert exchange["code_verifier"]
    assert "client_secret" not in exchange


async def test_next_only_goes_to_local_paths(site: Site) -> None:
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:x"):
        async with site.client() as client:
            assert await log_in(site, client, target) == "/"
    async with site.client() as client:
        assert await log_in(site, client, "/servers/1?q=a") == "/servers/1?q=a"


async def test_forms_need_the_csrf_token(site: Site) -> None:
    await site.visibility(site.guild, "members")
    await site.song(site.guild, "job-mine")
    async with site.client() as client:
        await log_in(site, client)
        for path in ("/logout", f"/servers/{site.guild}/songs/job-mine/hide",
                     f"/servers/{site.guild}/songs/job-mine/played"):  # fmt: skip
            async with client.post(site.url + path, data={"csrf": "forged"}) as answer:
                assert answer.status == 403
        async with client.get(f"{site.url}/servers/{site.guild}") as page:
            assert "Song job-mine" in await page.text()  # still logged in, still shown


async def test_hiding_a_song_and_logging_out(site: Site) -> None:
    await site.visibility(site.guild, "members")
    await site.song(site.guild, "job-mine")
    await site.song(site.guild, "job-theirs", user_id=int(site.discord.owner["id"]))
    async with site.client() as client:
        await log_in(site, client)
        async with client.get(f"{site.url}/servers/{site.guild}") as page:
            text = await page.text()
        csrf = text.split('name="csrf" value="')[1].split('"')[0]
        assert text.count("Hide from the gallery") == 1  # their own song only
        theirs = f"{site.url}/servers/{site.guild}/songs/job-theirs/hide"
        async with client.post(theirs, data={"csrf": csrf}) as refused:
            assert refused.status == 404
        played = f"{site.url}/servers/{site.guild}/songs/job-mine/played"
        async with client.post(played, data={"csrf": csrf}) as counted:
            assert counted.status == 204
        mine = f"{site.url}/servers/{site.guild}/songs/job-mine/hide"
        async with client.post(mine, data={"csrf": csrf}) as hidden:
            text = await hidden.text()
        assert "hidden from the gallery" in text
        assert "Song job-mine" not in text
        async with client.get(f"{site.url}/servers/{site.guild}/songs/job-mine") as gone:
            assert gone.status == 404
        async with client.post(site.url + "/logout", data={"csrf": csrf}) as out:
            assert "Log in with Discord" in await out.text()
        async with client.get(f"{site.url}/servers/{site.guild}", allow_redirects=False) as after:
            assert after.status == 302


async def test_a_moderator_hides_any_song(site: Site) -> None:
    await site.visibility(site.guild, "members")
    await site.song(site.guild, "job-x")
    site.discord.oauth.user = site.discord.owner  # has Manage Server
    async with site.client() as client:
        await log_in(site, client)
        async with client.get(f"{site.url}/servers/{site.guild}") as page:
            assert "Hide from the gallery" in await page.text()


async def test_an_expired_session_is_no_login(site: Site) -> None:
    await site.visibility(site.guild, "members")
    old = {"created": int(time.time()) - 2 * site.config.session_seconds,
           "session": {"viewer": {"id": site.discord.member["id"], "name": "member",
                                  "seats": [[str(site.guild), "S", 0]]}}}  # fmt: skip
    fernet = Fernet(fernet_key(site.config.session_key))
    stale = fernet.encrypt_at_time(json.dumps(old).encode(), int(old["created"])).decode()  # type: ignore[call-overload]
    async with (
        site.client() as client,
        client.get(
            f"{site.url}/servers/{site.guild}", cookies={COOKIE: stale}, allow_redirects=False
        ) as answer,  # fmt: skip
    ):
        assert answer.status == 302
        assert answer.headers["Location"].startswith("/login")


async def test_a_login_must_be_started_here_and_may_be_cancelled(site: Site) -> None:
    async with site.client() as client:
        async with client.get(f"{site.url}/auth/discord/callback?code=x&state=forged") as answer:
            assert answer.status == 400
            assert "stale" in await answer.text()
        async with client.get(f"{site.url}/login", allow_redirects=False) as started:
            authorize = started.headers["Location"]
        form = dict(parse_qsl(urlsplit(authorize).query)) | {"choice": "cancel"}
        async with client.post(authorize.split("?")[0], data=form) as cancelled:
            assert "cancelled" in await cancelled.text()


async def test_discord_refusing_the_code_is_one_line(site: Site) -> None:
    site.discord.oauth.client_secret = "rotated"  # the gallery's secret is now wrong
    async with site.client() as client:
        async with client.get(f"{site.url}/login", allow_redirects=False) as started:
            authorize = started.headers["Location"]
        form = dict(parse_qsl(urlsplit(authorize).query)) | {"choice": "authorize"}
        async with client.post(authorize.split("?")[0], data=form) as answer:
            assert answer.status == 502
            assert "did not accept this login" in await answer.text()


async def test_logins_are_rate_limited(site: Site) -> None:
    async with site.client() as client:
        statuses = []
        for _ in range(12):
            async with client.get(f"{site.url}/login", allow_redirects=False) as answer:
                statuses.append(answer.status)
    assert statuses[:10] == [302] * 10
    assert statuses[10:] == [429, 429]
