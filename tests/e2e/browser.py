"""A real Chromium for the browser tests: Playwright drives the system's (Debian's
``chromium``) through ``executable_path``, since Playwright's own browser download is not
always possible. Without one the tests skip saying how to get it, unless
``SONGBOT_REQUIRE_BROWSER=1`` (CI) makes them required."""

from __future__ import annotations

import os
import shutil

import pytest

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
    "--autoplay-policy=no-user-gesture-required",  # play() from the test, without a click
]  # fmt: skip
CANDIDATES = ("chromium", "chromium-browser", "google-chrome")


def chromium() -> str:
    """The browser's path, or a skip (a failure where it is required) saying how to get one."""
    named = os.environ.get("SONGBOT_CHROMIUM")
    found = named or next((path for name in CANDIDATES if (path := shutil.which(name))), None)
    if found:
        return found
    reason = "no Chromium: install Debian's (apt-get install chromium) or set SONGBOT_CHROMIUM"
    if os.environ.get("SONGBOT_REQUIRE_BROWSER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)
