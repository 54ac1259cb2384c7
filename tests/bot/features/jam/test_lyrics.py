"""The sheet as data: song order, credits, the export."""

from __future__ import annotations

from bot.features.jam.lyrics import credit, song_lyrics
from tests.bot.features.jam.sheets import line


def test_sections_in_song_order_whatever_the_order_written() -> None:
    lines = (line(1, "outro", "bye"), line(2, "chorus", "hey"), line(3, "verse-2", "two"),
             line(4, "verse-1", "one"), line(5, "intro", "hi"))  # fmt: skip
    assert song_lyrics(lines) == (
        "[Intro]\nhi\n\n[Verse 1]\none\n\n[Verse 2]\ntwo\n\n[Chorus]\nhey\n\n[Outro]\nbye"
    )


def test_credit_lists_everyone_once_escaped() -> None:
    assert credit(["Ana"]) == "Ana"
    assert credit(["Ana", "*Ben*", "Cy"]) == "Ana, \\*Ben\\* and Cy"
