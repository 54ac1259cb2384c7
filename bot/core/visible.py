"""Whether text shows anything to a reader. No Discord here: the song request uses it."""

from __future__ import annotations

import unicodedata

# Letters and symbols that render as nothing, though Unicode does not class them as spaces.
_BLANK_GLYPHS = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800", "\u180e", "\u2062", "\u2063"}
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp", "Mn", "Me"}


def visible(text: str | None) -> bool:
    """Whether ``text`` has a character a reader would see (zero-width and format characters,
    blank-looking letters and lone combining marks do not count)."""
    return any(
        char not in _BLANK_GLYPHS and unicodedata.category(char) not in _INVISIBLE_CATEGORIES
        for char in text or ""
    )
