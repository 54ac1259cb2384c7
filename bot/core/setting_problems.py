"""pydantic's validation errors as the one plain line a setting's problem is reported in."""

from __future__ import annotations

from pydantic_core import ErrorDetails

FIX = "Fix it in the environment or in .env."


def problem(error: ErrorDetails) -> str:
    """One of pydantic's errors as one plain line that names the setting."""
    reason = _reason(error)
    if not error["loc"]:  # a rule across settings, which names them itself: a sentence of its own
        return f"{reason[:1].upper()}{reason[1:]}. {FIX}"
    return f"{str(error['loc'][0]).upper()} is invalid: {reason}. {FIX}"


def _reason(error: ErrorDetails) -> str:
    """pydantic's own words ("Input should be greater than or equal to 1") in the voice of
    every other setting's message ("must be 1 or more")."""
    bound = {key: f"{value:g}" if isinstance(value, float) else str(value)
             for key, value in error.get("ctx", {}).items()}  # fmt: skip
    reasons = {
        "greater_than_equal": f"must be {bound.get('ge')} or more",
        "greater_than": f"must be more than {bound.get('gt')}",
        "less_than_equal": f"must be {bound.get('le')} or less",
        "less_than": f"must be less than {bound.get('lt')}",
        "int_parsing": "must be a whole number",
        "int_from_float": "must be a whole number",
        "float_parsing": "must be a number",
        "finite_number": "must be a number",
        "bool_parsing": "must be true or false",
        "literal_error": f"must be {bound.get('expected')}",
    }
    if error["type"] in reasons:
        return reasons[error["type"]]
    message = str(error["msg"]).removeprefix("Value error, ")
    return message[:1].lower() + message[1:]
