"""The buttons' table: who may press what, and /help's paragraph made from it."""

from __future__ import annotations

import dataclasses

import pytest

from bot.features.songs.results import table
from bot.features.songs.results.row import FINISHED, Action
from bot.features.songs.results.table import BUTTONS, buttons_help


def test_every_action_has_its_button() -> None:
    assert set(BUTTONS) == set(Action)


def test_help_lists_each_finished_songs_button_and_cancel_in_order() -> None:
    said = buttons_help()
    assert said.startswith("Under every song: **Regenerate** (the same request again), ")
    assert "**Jam** (a session from its lyrics), **Play in voice** (to your voice channel, " in said
    assert "as `/listen song`) and **Delete** (yours, or any for moderators)." in said
    positions = [said.index(f"**{BUTTONS[action].label}**") for action in FINISHED]
    assert positions == sorted(positions)
    assert said.endswith("its place in the queue and **Cancel**.")


def test_a_buttons_help_comes_from_its_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    changed = dict(BUTTONS)
    changed[Action.LYRICS] = dataclasses.replace(BUTTONS[Action.LYRICS], helps="sung to you")
    monkeypatch.setattr(table, "BUTTONS", changed)
    assert "**Lyrics** (sung to you)" in buttons_help()
