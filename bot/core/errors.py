"""Unexpected errors: a short id for the member, the whole traceback for the log."""

from __future__ import annotations

import logging
import secrets

from bot.core.i18n import ENGLISH, Words

log = logging.getLogger("songbot.errors")


class Unreachable(Exception):  # noqa: N818 - a state of the world, not a bug
    """A service the process needs cannot be reached; ``str()`` is the one line to show."""


class DatabaseUnavailable(Exception):  # noqa: N818 - a state of the world, not a bug
    """The database cannot be reached right now (it restarts, fails over, or is down): what
    needs it is tried again later, and a member asking meanwhile is told so plainly."""


DATABASE_DOWN = "songbot can't reach its database; try again in a minute."


def report_unexpected(error: BaseException, where: str) -> str:
    """Log ``error`` with its traceback under a new id, and return the id."""
    error_id = secrets.token_hex(4)
    log.error("unexpected error %s in %s", error_id, where, exc_info=error)
    return error_id


def apology(error_id: str, words: Words = ENGLISH) -> str:
    """What a member is told of an unexpected error: sorry, and the id to give the admin."""
    return words(
        "Sorry, something went wrong on my side. If it keeps happening, tell the bot's "
        "admin this error id: `{error_id}`.",
        error_id=error_id,
    )
