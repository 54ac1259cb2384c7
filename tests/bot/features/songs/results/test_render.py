"""What the Lyrics button shows, and how a song's lineage reads: pure."""

from __future__ import annotations

from bot.features.songs.heading import lineage_line
from bot.features.songs.results.render import lyrics_reply, lyrics_text
from bot.features.songs.results.row import Lineage
from bot.store.records import Origin
from tests.bot.features.songs.results.sections import section


def test_short_lyrics_are_embeds_only() -> None:
    sections = [section("Verse", "la *la*"), section(None, "end")]
    embeds, whole = lyrics_reply("@everyone", sections)
    assert whole is None
    assert embeds[0].title == "Lyrics of @\u200beveryone"
    assert embeds[0].description is not None
    assert "**Verse**" in embeds[0].description
    assert "la \\*la\\*" in embeds[0].description


def test_long_lyrics_come_whole_in_a_file() -> None:
    sections = [section(f"Verse {n}", "la " * 900) for n in range(8)]
    embeds, whole = lyrics_reply("Rain", sections)
    assert whole is not None
    assert whole.count("[Verse") == 8
    assert len(embeds) == 1
    assert sum(len(e) for e in embeds) <= 6000


def test_plain_text_has_a_label_line_per_section() -> None:
    sections = [section("Verse\n1", " a "), section(None, "b")]
    assert lyrics_text(sections) == "[Verse 1]\na\n\nb"


def test_lineage_escapes_the_earlier_name() -> None:
    line = lineage_line(
        Lineage(Origin.REGENERATE, "**x** @here", "https://discord.com/channels/1/2/3")
    )
    assert (
        line
        == "🔁 Regenerated from [\\*\\*x\\*\\* @\u200bhere](https://discord.com/channels/1/2/3)"
    )
    remix = lineage_line(Lineage(Origin.REMIX, None, None, version=2))
    assert remix == "🎛️ Remix of version 2 of an earlier song"
