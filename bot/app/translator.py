"""Command descriptions and choice names in the members' languages: one place for every
translation, discord.py's :class:`app_commands.Translator`, fed by ``bot/locales/*.json``.

English is the source. Command and option *names* stay English (they are what the README and
members type); descriptions and choice names are translated when a catalog has them.
"""

from __future__ import annotations

import json
import logging
from importlib import resources
from typing import Any

import discord
from discord import app_commands

log = logging.getLogger(__name__)

Catalogs = dict[str, dict[str, str]]  # locale ("fr") -> English -> translation
_TRANSLATED = {
    app_commands.TranslationContextLocation.command_description,
    app_commands.TranslationContextLocation.group_description,
    app_commands.TranslationContextLocation.parameter_description,
    app_commands.TranslationContextLocation.choice_name,
}


def shipped_catalogs() -> Catalogs:
    """Every ``bot/locales/<locale>.json``."""
    catalogs: Catalogs = {}
    for entry in resources.files("bot.locales").iterdir():
        if entry.name.endswith(".json"):
            catalogs[entry.name.removesuffix(".json")] = json.loads(entry.read_text("utf-8"))
    return catalogs


class CatalogTranslator(app_commands.Translator):
    def __init__(self, catalogs: Catalogs) -> None:
        super().__init__()
        self._catalogs = catalogs

    async def translate(
        self, string: app_commands.locale_str, locale: discord.Locale, context: Any
    ) -> str | None:
        if context.location not in _TRANSLATED:
            return None
        return self._catalogs.get(locale.value, {}).get(string.message)
