"""The session rules: defaults, and each refusal's words."""

from __future__ import annotations

from bot.features.jam.rules import MAX_SHEET_CHARS, Contribution, Rules, line_refusal, start_refusal
from bot.features.jam.sections import choices, from_lyrics, label, valid
from bot.soundverse import LyricsSection
from bot.store.jams import JamSettings


def test_stored_settings_over_defaults_and_the_sheet_cap() -> None:
    rules = Rules.of(JamSettings(line_chars=50, sheet_chars=99_999))
    assert rules.line_chars == 50
    assert rules.sheet_chars == MAX_SHEET_CHARS
    assert rules.turn_minutes == Rules().turn_minutes


def test_who_may_start_and_how_many_at_once() -> None:
    rules = Rules(starter_role_id=7, max_open=2)
    assert "<@&7>" in (
        start_refusal(rules, open_now=0, role_ids=frozenset(), moderator=False) or ""
    )
    assert start_refusal(rules, open_now=0, role_ids=frozenset({7}), moderator=False) is None
    assert start_refusal(rules, open_now=0, role_ids=frozenset(), moderator=True) is None
    assert "already has 2" in (
        start_refusal(rules, open_now=2, role_ids=frozenset({7}), moderator=False) or ""
    )


def test_each_line_rule() -> None:
    rules = Rules(line_chars=10, lines_per_member=3, lines_per_minute=2, sheet_chars=30)

    def refused(lines: tuple[str, ...], mine: int = 0, recent: int = 0, chars: int = 0) -> str:
        return line_refusal(rules, Contribution(lines, mine, recent, chars)) or ""

    assert refused(()) == "Write at least one line."
    assert "at most 4 lines" in refused(("a",) * 5)
    assert "at most 10 characters" in refused(("x" * 11,))
    assert "1 left" in refused(("a", "b"), mine=2)
    assert "Slow down" in refused(("a",), recent=2)
    assert "The sheet is full" in refused(("abc",), chars=28)
    assert line_refusal(rules, Contribution(("ok",), 0, 0, 0)) is None


def test_sections() -> None:
    assert choices(set()) == ["intro", "verse-1", "pre-chorus", "chorus", "bridge", "outro"]
    assert "verse-3" in choices({"verse-2"})
    assert label("verse-2") == "Verse 2"
    assert label("pre-chorus") == "Pre-chorus"
    assert not valid("verse-9")
    assert not valid("solo")
    sections = [LyricsSection.model_validate({"label": x, "text": "a\nb"})
                for x in ("Verse 1", "Chorus", "Verse 2", "Solo")]  # fmt: skip
    keys = [key for key, _ in from_lyrics(sections)]
    assert keys == ["verse-1"] * 2 + ["chorus"] * 2 + ["verse-2"] * 2 + ["verse-3"] * 2
