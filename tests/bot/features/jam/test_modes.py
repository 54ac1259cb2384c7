"""The modes' table: one row each, and the /jam choices made from it."""

from __future__ import annotations

from bot.features.jam import modes
from bot.features.jam.actions import Mode
from cogs.jam import CHOICES


def test_every_mode_has_one_row_and_the_commands_choices_keep_their_values() -> None:
    assert set(modes.MODES) == set(Mode)
    assert [c.value for c in CHOICES] == ["open", "approve", "turns", "hidden"]
    assert modes.of("turns").in_turns
    assert modes.of("turns").joinable
    assert modes.of("approve").needs_approval
    assert not modes.of("open").joinable
    assert modes.of("hidden").hidden
