"""Discord's limits on a message body, checked the way the API refuses them (code 50035)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

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
MAX_URL = 2048


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
    for key in ("url", "thumbnail", "image", "author", "footer"):
        part = embed.get(key)
        url = part if key == "url" else (part or {}).get("url" if key != "footer" else "icon_url")
        if url is not None:
            _url_errors(url, f"{where}.{key}", key in {"thumbnail", "image"}, errors)
    footer = (embed.get("footer") or {}).get("text") or ""
    author = (embed.get("author") or {}).get("name") or ""
    total += len(footer) + len(author)
    if len(footer) > MAX_FOOTER:
        errors.append(f"{where}.footer.text: longer than {MAX_FOOTER}")
    if len(author) > MAX_AUTHOR:
        errors.append(f"{where}.author.name: longer than {MAX_AUTHOR}")
    return total


def _url_errors(url: Any, where: str, attachment_ok: bool, errors: list[str]) -> None:
    """Discord's refusals for embed URLs: "Scheme "x" is not supported. Scheme must be one of
    ('http', 'https')." (images also take attachment://), "Not a well formed URL." and a
    length cap."""
    if not isinstance(url, str):
        errors.append(f"{where}.url: not a string")
        return
    scheme = url.partition(":")[0].lower()
    if attachment_ok and scheme == "attachment":
        return
    if len(url) > MAX_URL:
        errors.append(f"{where}.url: Must be {MAX_URL} or fewer in length.")
    elif scheme not in {"http", "https"}:
        errors.append(f"{where}.url: Scheme {scheme!r} is not supported.")
    elif any(c.isspace() for c in url) or not urlsplit(url).hostname:
        errors.append(f"{where}.url: Not a well formed URL.")


MAX_MODAL_TITLE = 45
MAX_CUSTOM_ID = 100
MAX_MODAL_COMPONENTS = 5
MAX_LABEL = 45
MAX_TEXT_INPUT = 4000
MAX_SELECT_OPTIONS = 25


def modal_errors(modal: dict[str, Any]) -> list[str]:
    """What Discord refuses in a modal (an interaction callback of type 9)."""
    errors = []
    if not 1 <= len(modal.get("title") or "") <= MAX_MODAL_TITLE:
        errors.append(f"data.title: must be 1 to {MAX_MODAL_TITLE} characters")
    if not 1 <= len(modal.get("custom_id") or "") <= MAX_CUSTOM_ID:
        errors.append(f"data.custom_id: must be 1 to {MAX_CUSTOM_ID} characters")
    rows = modal.get("components") or []
    if not 1 <= len(rows) <= MAX_MODAL_COMPONENTS:
        errors.append(f"data.components: must be 1 to {MAX_MODAL_COMPONENTS} components")
    for n, row in enumerate(rows):
        where = f"data.components.{n}"
        if row.get("type") == 18 and len(row.get("label") or "") > MAX_LABEL:  # a Label
            errors.append(f"{where}.label: must be {MAX_LABEL} characters or fewer")
        inner = [row["component"]] if "component" in row else row.get("components") or []
        for component in inner:
            errors += _input_errors(component, where)
    return errors


def _input_errors(component: dict[str, Any], where: str) -> list[str]:
    if component.get("type") == 4:  # a text input
        limit = min(int(component.get("max_length") or MAX_TEXT_INPUT), MAX_TEXT_INPUT)
        if len(component.get("value") or "") > limit:
            return [f"{where}.value: must be {limit} characters or fewer"]
    if component.get("type") == 3:  # a select menu
        options = component.get("options") or []
        if not 1 <= len(options) <= MAX_SELECT_OPTIONS:
            return [f"{where}.options: must be 1 to {MAX_SELECT_OPTIONS} options"]
    return []
