"""The suite's check of the Discord stand-in's traffic against Discord's OpenAPI description.

Every test that makes the stand-in receive an off-spec body (or give an off-spec answer)
fails at its teardown with the path in the body and the rule broken, as the e2e ``harness``
fails a test whose bot logged an unexpected error. Without the description the check is
skipped, with a note in the summary; ``SONGBOT_REQUIRE_OPENAPI=1`` (set by ``.ci/run``) makes
its absence an error.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator

import pytest

from tests.standin.discord import conformance
from tests.standin.discord.openapi import DEFAULT, ENV, Description, location

REQUIRE = "SONGBOT_REQUIRE_OPENAPI"
HOW_TO_GET = (
    "clone github.com/discord/discord-api-spec and point ${env} at its"
    " specs/openapi.json, or put it at {default}"
)
_SHOWN = 8  # problems listed in a failure; the rest are counted


def pytest_configure(config: pytest.Config) -> None:
    path = location()
    if not path.is_file():
        how = HOW_TO_GET.format(env=ENV, default=DEFAULT)
        if os.environ.get(REQUIRE):
            raise pytest.UsageError(
                f"Discord's OpenAPI description is required ({REQUIRE}"
                f" is set) but is not at {path}: {how}"
            )
        config.stash[_NOTE] = f"skipped: no description at {path} ({how})"
        return
    conformance.activate(conformance.Conformance(Description.load(path)))
    config.stash[_NOTE] = f"checked against {path}"


def pytest_unconfigure(config: pytest.Config) -> None:
    conformance.activate(None)


_NOTE = pytest.StashKey[str]()


@pytest.fixture(autouse=True)
def discord_conformance() -> Iterator[conformance.Conformance | None]:
    """The check of this test's Discord traffic; a test that sends off-spec bodies on
    purpose takes its problems with ``take()`` before it ends."""
    check = conformance.active()
    if check is not None:
        check.take()  # a previous test's leftovers are its own
    yield check
    problems = Counter(check.take() if check is not None else [])
    if problems:
        listed = "\n".join(
            f"{problem}" + (f" ({times} times)" if times > 1 else "")
            for problem, times in problems.most_common(_SHOWN)
        )
        more = f"\n… and {len(problems) - _SHOWN} more" if len(problems) > _SHOWN else ""
        pytest.fail(f"off Discord's OpenAPI description:\n{listed}{more}", pytrace=False)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    note = terminalreporter.config.stash.get(_NOTE, "")
    check = conformance.active()
    if check is not None:
        note = (
            f"{note}: {check.requests} request bodies and {check.answers} answers of"
            " the Discord stand-in"
        )
    terminalreporter.write_line(f"Discord's OpenAPI description: {note}")
