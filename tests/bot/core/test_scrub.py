"""One scrubber for the log, the API's texts and the terminal."""

from __future__ import annotations

from bot.core.scrub import REDACTED, Scrubber


def test_secrets_are_replaced_in_text_and_in_parsed_json() -> None:
    scrub = Scrubber(["sk-live-123456", "abc"])
    assert scrub("key sk-live-123456!") == f"key {REDACTED}!"
    assert scrub("abc") == "abc"  # too short to be a secret
    body = {"detail": ["Bearer sk-live-123456"], "sk-live-123456": 1, "n": 2}
    assert scrub.json(body) == {"detail": [f"Bearer {REDACTED}"], REDACTED: 1, "n": 2}


def test_a_secret_with_json_escapes_is_found_in_raw_json_too() -> None:
    scrub = Scrubber(['to"ken/123'])
    assert scrub('{"echo": "to\\"ken/123"}') == f'{{"echo": "{REDACTED}"}}'


def test_no_secrets_changes_nothing() -> None:
    assert not Scrubber()
    assert Scrubber().json({"a": "b"}) == {"a": "b"}
