"""Settings of the bot's process."""

from __future__ import annotations

import resource

from bot.app.runner import raise_open_file_limit


def test_the_open_file_limit_is_raised_to_what_the_system_allows() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    lowered = min(256, hard)
    resource.setrlimit(resource.RLIMIT_NOFILE, (lowered, hard))
    try:
        raise_open_file_limit()
        raised, kept = resource.getrlimit(resource.RLIMIT_NOFILE)
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    assert kept == hard
    assert raised == (hard if hard != resource.RLIM_INFINITY else 65536)
