"""The container's health check: ``python -m bot.app.healthcheck`` (Docker's HEALTHCHECK).

It asks the bot's own ``/healthz`` on ``METRICS_PORT`` (and ``METRICS_HOST``), so it follows
those settings when they are changed; with no ``METRICS_PORT`` there is no endpoint to ask and
a running process is all it can tell, so it says so and passes. Standard library only, and
nothing of the bot imported: it runs every 30 seconds beside the bot and must start fast.
Exit status 0: healthy; 1: not, with the reason on one line.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request
from collections.abc import Mapping

TIMEOUT = 4.0  # seconds; under the HEALTHCHECK's own --timeout
ANY_ADDRESS = {"", "0.0.0.0", "::"}  # noqa: S104 - names what METRICS_HOST may listen on


def health_url(environ: Mapping[str, str]) -> str | None:
    """Where ``/healthz`` answers inside the container; None without ``METRICS_PORT``."""
    port = environ.get("METRICS_PORT", "").strip()
    if not port:
        return None
    host = environ.get("METRICS_HOST", "").strip()
    if host in ANY_ADDRESS:
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/healthz"


def check(environ: Mapping[str, str]) -> tuple[bool, str]:
    """Whether the bot says it is healthy, and one line saying why (not)."""
    url = health_url(environ)
    if url is None:
        return True, "METRICS_PORT is not set: no /healthz to ask, the process is running"
    try:
        # Always http on a local address built above, never a URL from elsewhere.
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:  # noqa: S310
            return True, f"{url}: {response.status}"
    except urllib.error.HTTPError as exc:
        return False, f"{url}: {exc.code} {exc.read().decode(errors='replace')}"
    except (OSError, ValueError) as exc:
        return False, f"{url}: {exc}"


def main() -> int:
    healthy, reason = check(os.environ)
    print(reason)  # noqa: T201 - Docker keeps it in the container's health log
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
