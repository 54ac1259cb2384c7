"""Whether a string is a plain web address. No Discord here: the Soundverse client uses it."""

from __future__ import annotations

import functools
import re
from urllib.parse import urlsplit

MAX_URL_LENGTH = 2048  # Discord refuses longer URLs in embeds; no real file URL is longer

# Whitespace, control and format characters (Unicode's Cc and Cf): none belongs in a URL.
_SPACE_OR_CONTROL = re.compile(
    "[\\s\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]"
)


@functools.lru_cache(maxsize=4096)  # a song's URLs are checked on every edit
def url_problem(url: str) -> str | None:
    """Why ``url`` is not a plain web address, in words, or None when it is one."""
    if len(url) > MAX_URL_LENGTH:
        return f"is longer than {MAX_URL_LENGTH:,} characters"
    if _SPACE_OR_CONTROL.search(url):
        return "has spaces, line breaks or invisible characters inside"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return "is not a well-formed link"
    if parts.scheme not in {"http", "https"}:
        return "must start with http:// or https://"
    if not parts.hostname:
        return "has no host name"
    if parts.username is not None or parts.password is not None:
        return "has a user name or password in it"
    return None
