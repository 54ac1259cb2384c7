"""pydantic's errors in the words of every other setting's message, one line each."""

from __future__ import annotations

import pytest
from pydantic_core import ErrorDetails

from bot.core.setting_problems import FIX, problem


def error(
    kind: str, msg: str, loc: tuple[str, ...] = ("log_level",), **ctx: object
) -> ErrorDetails:
    return ErrorDetails(type=kind, loc=loc, msg=msg, input=None, ctx=ctx)


@pytest.mark.parametrize(
    ("details", "reason"),
    [
        (error("greater_than_equal", "Input should be >= 1", ge=1), "must be 1 or more"),
        (error("less_than_equal", "Input should be <= 3600", le=3600.0), "must be 3600 or less"),
        (error("greater_than", "Input should be > 0", gt=0), "must be more than 0"),
        (error("float_parsing", "Input should be a valid number"), "must be a number"),
        (error("value_error", "Value error, Must be a ws:// URL"), "must be a ws:// URL"),
    ],
)
def test_a_setting_is_named_with_its_reason(details: ErrorDetails, reason: str) -> None:
    assert problem(details) == f"LOG_LEVEL is invalid: {reason}. {FIX}"


def test_a_rule_across_settings_names_them_itself() -> None:
    details = error("value_error", "Value error, Both A and B are needed", loc=())
    assert problem(details) == f"Both A and B are needed. {FIX}"
