"""The buttons' custom ids: what a click must still mean after a restart."""

from __future__ import annotations

import discord
import pytest

from bot.features.songs.results.buttons import CUSTOM_ID, SongButton, custom_id, view_for
from bot.features.songs.results.row import CONFIRM, FINISHED, Action, ButtonRow


@pytest.mark.parametrize("action", list(Action))
async def test_a_custom_id_reads_back_as_its_action_and_song(action: Action) -> None:
    text = custom_id(action, 9_223_372_036_854_775_807)
    assert len(text) <= 100  # Discord's limit
    match = CUSTOM_ID.match(text)
    assert match is not None
    button = await SongButton.from_custom_id(None, None, match)  # type: ignore[arg-type]
    assert (button.action, button.song_id) == (action, 9_223_372_036_854_775_807)


@pytest.mark.parametrize(
    "text",
    [
        "songbot:regenerate:",
        "songbot:explode:1",
        "songbot:lyrics:1x",
        "other:lyrics:1",
        "songbot:lyrics:1:2",
    ],
)
def test_other_custom_ids_are_not_the_buttons(text: str) -> None:
    assert CUSTOM_ID.match(text) is None


async def test_the_view_is_stopped_so_discord_py_keeps_no_copy() -> None:
    view = view_for(ButtonRow(7, FINISHED))
    assert view.is_finished()
    labels = [item.to_component_dict()["label"] for item in view.children]
    assert labels == ["Regenerate", "Remix", "Lyrics", "Jam", "Play in voice", "Delete"]
    rows = view.to_components()
    assert len(rows) == 2  # Discord's five buttons a row: Delete stands apart on the second
    assert [c["custom_id"] for row in rows for c in row["components"]] == [
        f"songbot:{a}:7" for a in ("regenerate", "remix", "lyrics", "jam", "play", "delete")
    ]
    assert [c["custom_id"] for c in rows[1]["components"]] == ["songbot:delete:7"]
    assert view_for(None) is discord.utils.MISSING


async def test_the_confirmation_row() -> None:
    view = view_for(ButtonRow(7, CONFIRM))
    styles = [item.to_component_dict()["style"] for item in view.children]
    assert styles == [discord.ButtonStyle.danger.value, discord.ButtonStyle.secondary.value]
