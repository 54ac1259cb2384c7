"""The statement the PostgreSQL backend sends for the SQL the repositories write."""

from __future__ import annotations

import pytest

from bot.store.sql import Numbered, numbered


def test_question_marks_are_numbered_in_order() -> None:
    statement = numbered("UPDATE t SET a = ? WHERE id = ? AND b IS DISTINCT FROM ?")
    assert statement.sql == "UPDATE t SET a = $1 WHERE id = $2 AND b IS DISTINCT FROM $3"
    assert statement.values((1, 2, 3)) == [1, 2, 3]


def test_a_name_used_twice_is_one_parameter() -> None:
    statement = numbered("INSERT INTO s (a, b, c) VALUES (:now, :who, :now)")
    assert statement.sql == "INSERT INTO s (a, b, c) VALUES ($1, $2, $1)"
    assert statement.values({"who": "x", "now": 5.0, "unused": 1}) == [5.0, "x"]


def test_quoted_text_and_casts_are_left_alone() -> None:
    statement = numbered("SELECT 'a ? :b', x::text, ':c''?' FROM t WHERE y = :y")
    assert statement.sql == "SELECT 'a ? :b', x::text, ':c''?' FROM t WHERE y = $1"


def test_mixing_the_two_styles_is_refused() -> None:
    with pytest.raises(ValueError, match="mixes"):
        Numbered("SELECT ? WHERE a = :a")
