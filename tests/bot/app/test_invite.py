"""The invite link asks for the two scopes and only the permissions the bot uses."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from bot.app.invite import invite_url


def test_invite_url() -> None:
    url = urlsplit(invite_url(123456789012345678))
    query = parse_qs(url.query)
    assert url.netloc == "discord.com"
    assert query["client_id"] == ["123456789012345678"]
    assert query["scope"] == ["bot applications.commands"]
    # Discord's bits: view channel 10, send 11, embed links 14, attach files 15,
    # read history 16, connect 20, speak 21, manage threads 34, create public threads 35,
    # send in threads 38.
    expected = sum(1 << bit for bit in (10, 11, 14, 15, 16, 20, 21, 34, 35, 38))
    assert int(query["permissions"][0]) == expected
