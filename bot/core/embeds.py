"""Discord's limits on embeds, enforced on the way out.

Renderers fit each text where they insert it; :func:`bounded` is the last line of defence for
whatever a renderer could not know (a number with a thousand digits, a field added in a hurry):
every part of every embed is cut to Discord's limit, and image URLs Discord would refuse are
dropped, so a message body is never refused for its size or shape.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

import discord

from bot.core.formatting import cut, plain_web_url

TITLE = 256
DESCRIPTION = 4096
FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
AUTHOR = 256
MESSAGE_TOTAL = 6000  # all embeds of one message together
MESSAGE_EMBEDS = 10
CONTENT = 2000
BLANK = "\u200b"  # Discord refuses an empty field name or value


def bounded(embeds: Iterable[discord.Embed]) -> list[discord.Embed]:
    """The embeds of one message, each part within its limit and all within the total."""
    result: list[discord.Embed] = []
    budget = MESSAGE_TOTAL
    for embed in list(embeds)[:MESSAGE_EMBEDS]:
        size = len(embed)  # measured once: this runs on every edit
        if size > budget or not _fits(embed):
            embed = _bounded(embed, budget)  # noqa: PLW2901 - the fitted one replaces it
            size = len(embed)
        budget -= size
        result.append(embed)
    return result


def _fits(embed: discord.Embed) -> bool:
    """The common case, checked without copying the embed (its total is checked apart)."""
    fields = embed.fields
    if len(fields) > FIELDS:
        return False
    if len(embed.title or "") > TITLE or len(embed.description or "") > DESCRIPTION:
        return False
    if len(embed.footer.text or "") > FOOTER or len(embed.author.name or "") > AUTHOR:
        return False
    for field in fields:
        name, value = field.name, field.value
        if not name or not value or len(name) > FIELD_NAME or len(value) > FIELD_VALUE:
            return False
    for url in (embed.thumbnail.url, embed.image.url):
        if url is not None and not (url.startswith("attachment://") or plain_web_url(url)):
            return False
    return embed.url is None or plain_web_url(embed.url) is not None


def _bounded(embed: discord.Embed, budget: int) -> discord.Embed:
    data = cast("dict[str, Any]", embed.to_dict())
    budget = _cut_key(data, "title", min(TITLE, budget), budget)
    if "author" in data:
        budget = _cut_key(data["author"], "name", min(AUTHOR, budget), budget)
    fields = data.get("fields", [])[:FIELDS]
    for field in fields:
        budget = _cut_key(field, "name", min(FIELD_NAME, budget), budget, required=True)
        budget = _cut_key(field, "value", min(FIELD_VALUE, budget), budget, required=True)
    data["fields"] = fields
    if "footer" in data:
        budget = _cut_key(data["footer"], "text", min(FOOTER, budget), budget)
    _cut_key(data, "description", min(DESCRIPTION, budget), budget)
    for key in ("thumbnail", "image"):
        url = data.get(key, {}).get("url")
        if url is not None and not (url.startswith("attachment://") or plain_web_url(url)):
            del data[key]
    if "url" in data and not plain_web_url(data["url"]):
        del data["url"]
    return discord.Embed.from_dict(cast("Any", data))


def _cut_key(
    data: dict[str, Any], key: str, limit: int, budget: int, *, required: bool = False
) -> int:
    text = str(data.get(key) or "")
    if not text and not required:
        return budget
    data[key] = cut(text, max(limit, 1)) if text else BLANK
    return budget - len(data[key])
