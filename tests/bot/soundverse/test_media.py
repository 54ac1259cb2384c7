"""Which addresses may serve the API's files: the policy, and the resolver that holds to it."""

from __future__ import annotations

import socket

import pytest

from bot.soundverse.media import GuardedResolver, MediaPolicy, MediaRefusedError, public_address

POLICY = MediaPolicy.for_api("http://127.0.0.1:8080", ("storage.soundverse.ai", "*.cdn.test"))


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/media/a.wav",  # the configured API itself (the simulator)
        "https://storage.soundverse.ai/a.wav",
        "https://eu.cdn.test/a.wav",
    ],
)
def test_the_api_and_listed_hosts_are_allowed(url: str) -> None:
    assert POLICY.refusal(url) is None


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1:9000/admin", "not on a host"),  # loopback, another port
        ("http://169.254.169.254/latest/meta-data/", "not on a host"),
        ("http://10.0.0.5/a.wav", "not on a host"),
        ("https://evil.example/a.wav", "not on a host"),
        ("https://cdn.test.evil.example/a.wav", "not on a host"),
        ("file:///etc/passwd", "not a plain web address"),
        ("http://storage.soundverse.ai@127.0.0.1/a.wav", "not a plain web address"),
    ],
)
def test_everything_else_is_refused(url: str, reason: str) -> None:
    assert reason in (POLICY.refusal(url) or "")


def test_a_listed_ip_must_still_be_public() -> None:
    policy = MediaPolicy.for_api("https://api.soundverse.ai", ("10.1.2.3", "8.8.8.8"))
    assert "inside the bot's own network" in (policy.refusal("http://10.1.2.3/a") or "")
    assert policy.refusal("http://8.8.8.8/a") is None


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2606:4700::1111", True),
        ("127.0.0.1", False),
        ("10.1.1.1", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("224.0.0.1", False),
        ("0.0.0.0", False),  # noqa: S104 - an address under test, not a bind
        ("::1", False),
        ("fe80::1%eth0", False),
        ("fd00::1", False),
        ("::ffff:127.0.0.1", False),
        ("2002:7f00:1::", False),  # 6to4 around 127.0.0.1
        ("not an address", False),
    ],
)
def test_public_addresses(address: str, public: bool) -> None:
    assert public_address(address) is public


async def test_the_resolver_drops_private_answers_for_other_hosts() -> None:
    resolver = GuardedResolver(MediaPolicy.for_api("http://127.0.0.1:8080", ("localhost",)))
    try:
        with pytest.raises(MediaRefusedError, match="inside the bot's network"):
            await resolver.resolve("localhost", 9000, socket.AF_INET)
        [answer] = await resolver.resolve("127.0.0.1", 8080, socket.AF_INET)
        assert answer["host"] == "127.0.0.1"
    finally:
        await resolver.close()
