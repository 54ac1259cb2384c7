"""Words in a language: templates translated first, values put in after."""

from __future__ import annotations

import discord

from bot.core.i18n import ENGLISH, Said, Words, say, words_in


class Bot:
    def __init__(self) -> None:
        self.catalogs = {"fr": {"Version {number}": "Version n°{number}", "Status": "Statut"}}


def test_a_template_is_translated_then_filled() -> None:
    french = words_in(Bot(), discord.Locale.french)
    assert french("Version {number}", number=2) == "Version n°2"
    assert french("Status") == "Statut"


def test_a_text_the_catalog_lacks_stays_english() -> None:
    french = words_in(Bot(), "fr")
    assert french("Duration") == "Duration"
    assert french("Requested by {member}", member="Ana") == "Requested by Ana"


def test_values_are_put_in_as_they_are() -> None:
    """A member's text with braces in it is a value, never a template."""
    assert ENGLISH("Requested by {member}", member="{x} {0}") == "Requested by {x} {0}"


def test_a_language_without_a_catalog_is_english() -> None:
    assert words_in(Bot(), discord.Locale.japanese) is ENGLISH
    assert words_in(Bot(), None) is ENGLISH
    assert words_in(object(), "fr") is ENGLISH


def test_one_language_is_one_value() -> None:
    """Screens compare their parts to skip identical edits."""
    assert words_in(Bot(), "fr") == Words("fr", {})
    assert hash(words_in(Bot(), "fr")) == hash(Words("fr", {}))
    assert words_in(Bot(), "fr") != ENGLISH


def test_a_broken_translation_falls_back_to_english() -> None:
    """A catalog naming a placeholder the text does not have must not break a screen."""
    broken = Words("fr", {"Requested by {member}": "Demandée par {membre}"})
    assert broken("Requested by {member}", member="Ana") == "Requested by Ana"


def test_a_sentence_with_data_is_english_text_that_can_be_said_again() -> None:
    left = Said("You have {count} songs left today.", count=2)
    assert left == "You have 2 songs left today."
    french = Words("fr", {"You have {count} songs left today.": "Il vous reste {count} chansons."})
    assert say(french, left) == "Il vous reste 2 chansons."
    assert say(french, "plain text") == "plain text"
    assert say(ENGLISH, left) == left
