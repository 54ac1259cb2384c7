"""Text from members, Discord and the API, made safe to show: escaped first, then cut to the
limit of the place it goes into, never splitting an escape or a character.

Every renderer uses these, so a 300-character song name full of Markdown still fits a 256-
character title after escaping, and a line break or ``# heading`` in a line cannot change the
layout around it.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from urllib.parse import quote, urlsplit

import discord

from bot.core.urls import url_problem

ELLIPSIS = "…"
_NUMBERED_LIST = re.compile(r"^(\s*\d+)\.(?=\s)", re.MULTILINE)
_TAG = re.compile(r"<(?=[@#/:]|a:|t:|id:)")  # <#channel>, </command:1>, <t:…>, <:emoji:…>
# Characters that take a base character with them: cutting before one leaves it dangling.
_JOINERS = {"\u200d", "\u20e3", "\ufe0e", "\ufe0f"}


@functools.lru_cache(maxsize=4096)  # a song's prompt and names are shown on every edit
def escape(text: str) -> str:
    """Markdown and mentions defused: shows exactly as written, pings nobody."""
    text = discord.utils.escape_markdown(text)
    text = _NUMBERED_LIST.sub(r"\1\\.", text)
    text = _TAG.sub(r"\\<", text)
    return discord.utils.escape_mentions(text)


@functools.lru_cache(maxsize=4096)
def fit(text: str | None, limit: int | None = None) -> str:
    """``text`` escaped, then cut to at most ``limit`` characters (with an ellipsis)."""
    if not text:
        return ""
    escaped = escape(text)
    return escaped if limit is None else cut(escaped, limit)


def one_line(text: str | None, limit: int | None = None) -> str:
    """Like :func:`fit`, for places where a line break would break the layout."""
    if not text:
        return ""
    return fit(collapsed(text), limit)


def collapsed(text: str, limit: int | None = None) -> str:
    """``text`` on one line (each run of white space one space), cut to ``limit`` characters
    and *not* escaped: for what Discord shows as plain text (a form's title, a menu's label,
    an embed's author) or what is escaped later (a link's label)."""
    line = " ".join(text.split())
    return line if limit is None else line[:limit]


def minutes(seconds: float | None) -> str:
    """``m:ss`` for a duration; ``?:??`` when it is unknown, or not a duration anyone would
    believe (negative, infinite, 100 hours or more)."""
    if seconds is None or not math.isfinite(seconds) or not 0 <= seconds < 100 * 3600:
        return "?:??"
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def cut(text: str, limit: int) -> str:
    """Already-escaped ``text`` within ``limit`` characters, the cut never inside an escape
    (a backslash left alone would escape the ellipsis) nor between a character and the marks
    that belong to it."""
    if len(text) <= limit:
        return text
    if limit <= len(ELLIPSIS):
        return ELLIPSIS[:limit]
    head = text[: limit - len(ELLIPSIS)]
    while head and (_dangling(text[len(head)]) or head[-1] == "\u200d"):
        head = head[:-1]
    trailing = len(head) - len(head.rstrip("\\"))
    if trailing % 2:
        head = head[:-1]
    return head.rstrip() + ELLIPSIS


def _dangling(char: str) -> bool:
    return char in _JOINERS or unicodedata.category(char) in {"Mn", "Me", "Cs"}


def plain_web_url(url: str | None) -> str | None:
    """``url`` if Discord would accept it in an embed and it is a plain web address."""
    if not url or url_problem(url):
        return None
    return url


@functools.lru_cache(maxsize=4096)  # preview and audio links are shown on every edit
def link(label: str, url: str | None) -> str:
    """A Markdown link whose address cannot end early or smuggle in more Markdown; the label
    alone (escaped) when the address is not a plain web address."""
    address = plain_web_url(url)
    if address is None:
        return escape(label)
    parts = urlsplit(address)
    origin = f"{parts.scheme}://{parts.netloc}"
    return f"[{escape(label)}]({origin}{quote(address[len(origin) :], safe=_URL_SAFE)})"


# Everything RFC 3986 allows unencoded, less what ends or nests a Markdown link.
_URL_SAFE = "-._~:/?#@!$&'*+,;=%"
