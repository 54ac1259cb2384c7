"""Words in the reader's language: the one place a text the bot shows is translated.

The catalogs are the bot's (``bot/locales/<locale>.json``, the same files that translate the
commands), keyed by the English text. A private reply is in the member's language; a public
message (a song's live message, a lyric sheet) in the server's, its community language, since
everyone there reads it. A text a catalog does not have, or a language without a catalog,
stays English.

Texts with data in them are templates (``"Version {number}"``): the catalog translates the
template and the values, already escaped where they come from members or the API, are put in
afterwards, so a translation can move them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

ENGLISH_LOCALE = "en-US"


class Words:
    """One language's words: ``words("Version {number}", number=2)``."""

    __slots__ = ("_catalog", "locale")

    def __init__(self, locale: str, catalog: Mapping[str, str]) -> None:
        self.locale = locale
        self._catalog = catalog

    def __call__(self, text: str, /, **values: object) -> str:
        template = self._catalog.get(text, text)
        if not values:
            return template
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):  # a translation naming another placeholder
            return text.format(**values)

    # Screens compare their parts to skip identical edits: one language is one value.
    def __eq__(self, other: object) -> bool:
        return isinstance(other, Words) and other.locale == self.locale

    def __hash__(self) -> int:
        return hash(self.locale)

    def __repr__(self) -> str:
        return f"Words({self.locale!r})"


ENGLISH = Words(ENGLISH_LOCALE, {})


class Said(str):
    """A sentence with data in it, as English text that remembers its template and values,
    so that whoever sends it can still say it in the reader's words. Pure code (a refusal, an
    input check) returns one of these without knowing who will read it; being a ``str``, it
    is English wherever it is used as text."""

    __slots__ = ("template", "values")
    template: str
    values: dict[str, object]

    def __new__(cls, template: str, /, **values: object) -> Said:
        said = super().__new__(cls, template.format(**values))
        said.template, said.values = template, values
        return said

    def __reduce__(self) -> tuple[object, ...]:  # keep pickling and copying working
        return (_said, (self.template, self.values))

    def in_words(self, words: Words) -> str:
        return words(self.template, **self.values)


def _said(template: str, values: dict[str, object]) -> Said:
    return Said(template, **values)


def say(words: Words, text: str) -> str:
    """``text`` in ``words``: a :class:`Said` by its template, any other text as it is."""
    return text.in_words(words) if isinstance(text, Said) else words(text)


class Asked(Protocol):
    """What the words of a reply depend on: on Discord, a ``discord.Interaction`` (no Discord
    import here, so the use cases can say things in a member's words too)."""

    @property
    def client(self) -> object: ...

    @property
    def locale(self) -> object: ...

    @property
    def guild_locale(self) -> object | None: ...


def words_in(client: object, locale: object | None) -> Words:
    """The bot's words in ``locale``, a name or a ``discord.Locale`` (English where it has no
    catalog)."""
    catalogs: Mapping[str, Mapping[str, str]] = getattr(client, "catalogs", None) or {}
    name = getattr(locale, "value", locale)
    catalog = catalogs.get(name) if isinstance(name, str) else None
    return Words(name, catalog) if isinstance(name, str) and catalog else ENGLISH


def members_words(interaction: Asked) -> Words:
    """For a private reply: the member's own language."""
    return words_in(interaction.client, interaction.locale)


def servers_words(interaction: Asked) -> Words:
    """For a public message: the server's language (the member's own in a DM)."""
    return words_in(interaction.client, interaction.guild_locale or interaction.locale)


def localized(interaction: Asked, text: str) -> str:
    return say(members_words(interaction), text)
