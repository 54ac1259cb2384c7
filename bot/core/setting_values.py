"""The settings written as lists ("0,1", "5,15,30"), read into values or refused with the
reason a setting's problem line gives (a :class:`ValueError`, which pydantic reports)."""

from __future__ import annotations

import json
import re

MAX_RETRY_DELAY = 3600.0


def host_names(value: str) -> str:
    """Host names separated by commas, in lower case, blanks dropped."""
    hosts = [host.strip().lower() for host in value.split(",") if host.strip()]
    for host in hosts:
        name = host.removeprefix("*.")
        if not re.fullmatch(r"[a-z0-9.-]+|\[[0-9a-f:]+\]", name) or "//" in host:
            raise ValueError(
                "must be host names separated by commas, like storage.soundverse.ai,*.example.com"
            )
    return ",".join(hosts)


def shard_ids(value: str) -> tuple[int, ...] | None:
    """Different shard numbers separated by commas; none: None (all of them)."""
    try:
        ids = tuple(int(part) for part in value.replace(" ", "").split(",") if part)
    except ValueError:
        raise ValueError("must be shard numbers separated by commas, like 0,1") from None
    if any(shard < 0 for shard in ids) or len(set(ids)) != len(ids):
        raise ValueError("must be different shard numbers from 0 up, like 0,1")
    return ids or None


def retry_delays(value: str) -> tuple[float, ...]:
    """Seconds separated by commas or as a JSON list; "none": no delay, so no second try."""
    text = value.strip()
    if text.lower() == "none":
        return ()
    try:
        parts = json.loads(text) if text.startswith("[") else text.split(",")
        delays = tuple(float(part) for part in parts if str(part).strip())
    except (ValueError, TypeError):
        raise ValueError("must be seconds separated by commas, like 3,10") from None
    if any(not 0 <= delay <= MAX_RETRY_DELAY for delay in delays):
        raise ValueError(f"each delay must be 0 to {MAX_RETRY_DELAY:g} seconds")
    return delays
