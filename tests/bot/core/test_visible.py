"""What counts as text a reader sees."""

from __future__ import annotations

import pytest

from bot.core.visible import visible


@pytest.mark.parametrize(
    "text", ["", "   ", "\u200b", "\u200c\u200d\u2060\ufeff", "\u3164\u2800", "\u0301", "\x00\x1f"]
)
def test_text_with_nothing_to_see_is_not_visible(text: str) -> None:
    assert not visible(text)


@pytest.mark.parametrize("text", ["a", " \u200b x", "🎵", "日本"])
def test_text_with_something_to_see_is_visible(text: str) -> None:
    assert visible(text)
