"""One scrubber for the log, the API's texts and the terminal."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

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


@given(st.data())
def test_a_secret_spelled_with_any_escapes_is_still_found(data: st.DataObject) -> None:
    secret = "sk-live-\u00e9x\U0001f3b5-42"
    scrub = Scrubber([secret])
    escaped = [data.draw(st.booleans()) for _ in secret]
    upper = data.draw(st.booleans())
    spelled = "".join(
        _escape(char, upper=upper) if escape else char
        for char, escape in zip(secret, escaped, strict=True)
    )
    raw = f'{{"echo": "key {spelled}"}}'
    assert scrub.may_hold(raw)
    assert scrub.json(json.loads(raw)) == {"echo": f"key {REDACTED}"}


def test_escapes_of_characters_no_secret_has_are_not_walked_for_nothing() -> None:
    scrub = Scrubber(["sk-live-123456"])
    raw = json.dumps({"title": "Caf\u00e9 \U0001f3b5 song", "stage": "validated"})
    assert "\\u" in raw
    assert not scrub.may_hold(raw)
    assert scrub.may_hold(raw.replace("song", "sk-live-123456"))


def _escape(char: str, *, upper: bool) -> str:
    """``char`` as JSON may escape it: one ``\\uXXXX``, or a surrogate pair beyond the BMP."""
    units = char.encode("utf-16-be")
    escaped = "".join(f"\\u{units[i] << 8 | units[i + 1]:04x}" for i in range(0, len(units), 2))
    return escaped.upper().replace("\\U", "\\u") if upper else escaped
