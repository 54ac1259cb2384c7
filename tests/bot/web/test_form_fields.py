"""A form's fields read what a browser sends: a value in bounds, or one sentence."""

from __future__ import annotations

import pytest

from bot.web.form_fields import Field, FieldError

WHOLE = Field("member_daily", "Songs per member per day")
NUMBER = Field("idle_hours", "Idle hours", "number", high=720)
ROLE = Field("role", "Role id", "id", empty="")
CHOICE = Field("mode", "Mode", "choice", choices=("queue", "refuse"))


def test_values_in_bounds() -> None:
    assert WHOLE.parse(" 3 ") == 3
    assert WHOLE.parse("") is None  # empty: no limit
    assert NUMBER.parse("1.5") == 1.5
    assert ROLE.parse("123456789012345678") == 123456789012345678
    assert CHOICE.parse("refuse") == "refuse"


@pytest.mark.parametrize(
    ("field", "raw", "said"),
    [(WHOLE, "1e3", "a whole number"), (NUMBER, "nan", "from 0 to 720"),
     (NUMBER, "inf", "from 0 to 720"), (NUMBER, "721", "from 0 to 720"),
     (ROLE, "", "choose or write a value"), (ROLE, "-12345678901234567", "17 to 20 digits"),
     (CHOICE, "", "choose or write"), (CHOICE, "maybe", "one of queue, refuse"),
     (Field("reason", "Reason", "text", high=5, empty="-"), "toolong", "at most 5")],
)  # fmt: skip
def test_anything_else_is_one_sentence(field: Field, raw: str, said: str) -> None:
    with pytest.raises(FieldError, match=said):
        field.parse(raw)
