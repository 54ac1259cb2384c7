"""Escape first, cut after: every text fits its place and keeps its escapes whole."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.formatting import collapsed, cut, escape, fit, link, minutes, one_line
from bot.core.urls import url_problem


@given(st.text(), st.integers(min_value=1, max_value=300))
def test_fit_never_passes_its_limit_nor_leaves_a_lone_backslash(text: str, limit: int) -> None:
    shown = fit(text, limit)
    assert len(shown) <= limit
    body = shown.removesuffix("…")
    assert (len(body) - len(body.rstrip("\\"))) % 2 == 0 or body == escape(text)


def test_the_limit_counts_the_escaped_text() -> None:
    name = "**" * 150  # 300 characters, 600 once escaped
    title = fit(name, 256)
    assert 254 <= len(title) <= 256
    assert title.endswith("…")
    assert title.startswith("\\*\\*")
    assert "\\…" not in title  # the cut does not split "\*"


def test_a_cut_keeps_a_character_with_its_marks() -> None:
    family = "👨\u200d👩\u200d👧"
    shown = cut("a" * 8 + family, 10)
    assert shown == "a" * 8 + "…"
    assert cut("e\u0301" * 10, 4) == "e\u0301…"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# big", "\\# big"),
        ("-# small", "\\-# small"),
        ("1. first", "1\\. first"),
        ("> quote", "\\> quote"),
        ("<#123456789012345678>", "\\<#123456789012345678>"),
        ("<t:1700000000:R>", "\\<t:1700000000:R>"),
        ("@everyone", "@\u200beveryone"),
        ("[click](https://evil.example)", "\\[click](https://evil.example)"),
    ],
)
def test_markdown_that_changes_layout_is_escaped(text: str, expected: str) -> None:
    assert escape(text) == expected


def test_one_line_folds_line_breaks() -> None:
    assert one_line("Verse\n# 1\r\n\tend", 100) == "Verse # 1 end"


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://host/my song.wav", "spaces"),
        ("http://host/a.wav\nnext.wav", "line breaks"),
        ("http://host/a\u200b.wav", "invisible"),
        ("javascript:alert(1)", "must start with http"),
        ("file:///etc/passwd", "must start with http"),
        ("http://user:pw@host/a.wav", "user name or password"),
        ("http:///a.wav", "no host name"),
        ("http://host:99999999/a.wav", "not a well-formed link"),
        ("https://x/" + "a" * 2048, "longer than 2,048"),
    ],
)
def test_url_problems_are_named(url: str, problem: str) -> None:
    assert problem in (url_problem(url) or "")


def test_a_plain_url_has_no_problem() -> None:
    assert url_problem("https://storage.soundverse.ai/a/b.wav?sig=1&x=%20") is None


def test_a_link_cannot_end_early_or_smuggle_markdown() -> None:
    shown = link("audio", "https://host/a).wav?q=[x](https://evil)")
    assert shown == "[audio](https://host/a%29.wav?q=%5Bx%5D%28https://evil%29)"
    assert link("**audio**", "javascript:alert(1)") == "\\*\\*audio\\*\\*"


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (0, "0:00"),
        (59.6, "1:00"),
        (125.4, "2:05"),
        (3600, "60:00"),
        (None, "?:??"),
        (-1, "?:??"),
        (float("nan"), "?:??"),
        (float("inf"), "?:??"),
        (100 * 3600, "?:??"),  # no song lasts that long: a bad figure, not a duration
    ],
)
def test_minutes_for_songs_and_the_terminal_alike(seconds: float | None, shown: str) -> None:
    assert minutes(seconds) == shown


def test_collapsed_puts_text_on_one_line_without_escaping() -> None:
    assert collapsed("  a\n**b**\t c ") == "a **b** c"
    assert collapsed("abc def", 5) == "abc d"
    assert one_line("a\n*b*", 10) == fit("a *b*", 10)
