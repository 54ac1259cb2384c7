"""Discord's limits on a message body, checked the way the API refuses them (code 50035)."""

from __future__ import annotations

from typing import Any

MAX_CONTENT = 2000
MAX_EMBEDS = 10
MAX_EMBED_TOTAL = 6000
EMBED_FIELD_LIMITS = {"title": 256, "description": 4096}
MAX_FIELDS = 25
MAX_FIELD_NAME = 256
MAX_FIELD_VALUE = 1024
MAX_FOOTER = 2048
MAX_AUTHOR = 256
MAX_REQUEST_BYTES = 25 * 1024 * 1024


def body_errors(body: dict[str, Any]) -> list[str]:
    """Every way ``body`` breaks Discord's message limits (empty when it is fine)."""
    errors: list[str] = []
    content = body.get("content")
    if isinstance(content, str) and len(content) > MAX_CONTENT:
        errors.append(f"content: longer than {MAX_CONTENT}")
    embeds = body.get("embeds") or []
    if len(embeds) > MAX_EMBEDS:
        errors.append(f"embeds: more than {MAX_EMBEDS}")
    total = 0
    for index, embed in enumerate(embeds):
        total += _embed_errors(embed, f"embeds.{index}", errors)
    if total > MAX_EMBED_TOTAL:
        errors.append(f"embeds: {total} characters in all, over {MAX_EMBED_TOTAL}")
    mentions = body.get("allowed_mentions")
    if mentions is not None and not isinstance(mentions, dict):
        errors.append("allowed_mentions: not an object")
    return errors


def _embed_errors(embed: dict[str, Any], where: str, errors: list[str]) -> int:
    total = 0
    for key, limit in EMBED_FIELD_LIMITS.items():
        text = embed.get(key) or ""
        total += len(text)
        if len(text) > limit:
            errors.append(f"{where}.{key}: longer than {limit}")
    fields = embed.get("fields") or []
    if len(fields) > MAX_FIELDS:
        errors.append(f"{where}.fields: more than {MAX_FIELDS}")
    for number, field in enumerate(fields):
        name, value = field.get("name") or "", field.get("value") or ""
        total += len(name) + len(value)
        if not name or not value:
            errors.append(f"{where}.fields.{number}: name and value are required")
        if len(name) > MAX_FIELD_NAME or len(value) > MAX_FIELD_VALUE:
            errors.append(f"{where}.fields.{number}: too long")
    footer = (embed.get("footer") or {}).get("text") or ""
    author = (embed.get("author") or {}).get("name") or ""
    total += len(footer) + len(author)
    if len(footer) > MAX_FOOTER:
        errors.append(f"{where}.footer.text: longer than {MAX_FOOTER}")
    if len(author) > MAX_AUTHOR:
        errors.append(f"{where}.author.name: longer than {MAX_AUTHOR}")
    return total
