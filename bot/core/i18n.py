"""Member-facing words in the member's language: the one place a reply's text is translated.

The catalogs are the bot's (``bot/locales/<locale>.json``, the same files that translate the
commands); a text a catalog does not have, or a member whose language has no catalog, stays
English. Texts with a member's data in them are translated by their fixed parts only where a
catalog has that exact sentence.
"""

from __future__ import annotations

from collections.abc import Mapping

import discord


def localized(interaction: discord.Interaction, text: str) -> str:
    catalogs: Mapping[str, Mapping[str, str]] = getattr(interaction.client, "catalogs", None) or {}
    return catalogs.get(interaction.locale.value, {}).get(text, text)
