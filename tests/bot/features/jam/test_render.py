"""The lyric sheet's message: escaping, hidden mode, limits, what an ended one offers."""

from __future__ import annotations

import dataclasses

from bot.core.i18n import Words
from bot.features.jam.actions import JamAction
from bot.features.jam.lyrics import Sheet, export_text
from bot.features.jam.render import sheet_screen
from tests.bot.features.jam.sheets import SESSION, line


def test_a_line_cannot_break_the_layout() -> None:
    hostile = line(1, "verse-1", "**bold**\n\n# heading @everyone <@123>", author="<@&9>\nx")
    screen = sheet_screen(Sheet(SESSION, (hostile,), ()))
    description = screen.embeds[0].description or ""
    assert "\\*\\*bold\\*\\* # heading @\u200beveryone \\<@123>" in description
    assert "\n#" not in description  # one line: a heading cannot start
    assert "*\\<@&9> x*" in description


def test_hidden_shows_only_the_last_line_until_revealed() -> None:
    hidden = dataclasses.replace(SESSION, mode="hidden")
    lines = (line(1, "verse-1", "first"), line(2, "verse-1", "second"))
    shown = sheet_screen(Sheet(hidden, lines, ())).embeds[0].description or ""
    assert "second" in shown
    assert "first" not in shown
    revealed = dataclasses.replace(hidden, revealed=True)
    assert "first" in (sheet_screen(Sheet(revealed, lines, ())).embeds[0].description or "")


def test_sixty_long_lines_stay_within_discords_limits() -> None:
    lines = tuple(line(n, "verse-1", "la " * 100) for n in range(60))
    screen = sheet_screen(Sheet(SESSION, lines, ()))
    assert sum(len(e) for e in screen.embeds) <= 6000
    assert "earlier lines are in the export" in (screen.embeds[0].description or "")
    assert export_text(Sheet(SESSION, lines, ())).count("(Ana)") == 60


def test_an_ended_session_offers_only_the_export() -> None:
    ended = dataclasses.replace(SESSION, state="ended", end_reason="no new line for 24 hours")
    screen = sheet_screen(Sheet(ended, (), ()))
    assert screen.rows == ((JamAction.EXPORT,),)
    assert "no new line for 24 hours" in str(screen.embeds[0].to_dict())


def test_an_author_is_named_once_per_run_of_their_lines() -> None:
    lines = (line(1, "verse-1", "one"), line(2, "verse-1", "two"),
             line(3, "verse-1", "three", author="Ben"), line(4, "chorus", "four"))  # fmt: skip
    description = sheet_screen(Sheet(SESSION, lines, ())).embeds[0].description or ""
    body = description.split("\n\n", 1)[1]
    assert body == "**Verse 1**\none\ntwo · *Ana*\nthree · *Ben*\n\n**Chorus**\nfour · *Ana*"


def test_sixty_ordinary_lines_all_show() -> None:
    lines = tuple(line(n, f"verse-{1 + n // 15}", f"a line of an ordinary song {n}",
                       author=f"m{n % 4}") for n in range(60))  # fmt: skip
    description = sheet_screen(Sheet(SESSION, lines, ())).embeds[0].description or ""
    assert "earlier lines" not in description
    assert all(f"ordinary song {n}" in description for n in range(60))


def test_the_sheet_in_the_sessions_words() -> None:
    french = Words("fr", {
        "Lyrics by": "Paroles de",
        "{names} and {last}": "{names} et {last}",
        "Session {id} · {count} lines": "Session {id} · {count} vers",
    })  # fmt: skip
    lines = (line(1, "verse-1", "one"), line(2, "verse-1", "two", author="Ben"))
    embed = sheet_screen(Sheet(SESSION, lines, (), french)).embeds[0]
    assert {f.name: f.value for f in embed.fields}["Paroles de"] == "Ana et Ben"
    assert embed.footer.text == "Session 1 · 2 vers"
