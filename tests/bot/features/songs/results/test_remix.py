"""The Remix form: pre-filled within Discord's limits, and read back from a raw submit."""

from __future__ import annotations

from typing import Any

from bot.features.songs.results.remix import RemixForm, remix_modal, submitted
from tests.bot.features.songs.results.sections import detail, section


async def test_the_form_is_pre_filled_and_fits() -> None:
    long = [section(f"Verse {n}", "la la\n" * 200) for n in range(10)]
    modal = remix_modal(detail(name="A very long song name " * 10, prompt="p" * 2000, lyrics=long))
    data: dict[str, Any] = modal.to_dict()
    assert len(data["title"]) <= 45
    assert data["custom_id"] == "songbot:remix-form:42"
    prompt, lyrics, version = (row["component"] for row in data["components"])
    assert len(prompt["value"]) == 1024
    assert len(lyrics["value"]) <= 4000
    assert lyrics["value"].startswith("[Verse 0]\nla la")
    assert lyrics["value"].endswith("la la")  # cut at a line break
    assert [o["value"] for o in version["options"]] == ["1", "2"]
    assert modal.is_finished()  # discord.py keeps no copy: the submit is read raw


async def test_only_finished_versions_are_offered() -> None:
    data: dict[str, Any] = remix_modal(detail(audio_urls={2: "https://a/2"})).to_dict()
    options = data["components"][2]["component"]["options"]
    assert [(o["value"], o.get("default")) for o in options] == [("2", True)]


def test_a_submit_reads_back() -> None:
    data = {
        "custom_id": "songbot:remix-form:42",
        "components": [
            {"type": 18, "component": {"type": 4, "custom_id": "prompt", "value": "jazz"}},
            {"type": 18, "component": {"type": 4, "custom_id": "lyrics", "value": ""}},
            {"type": 18, "component": {"type": 3, "custom_id": "version", "values": ["2"]}},
        ],
    }
    assert submitted(data) == RemixForm(42, "jazz", "", 2)


def test_other_modals_and_odd_values() -> None:
    assert submitted({"custom_id": "lyrics-modal", "components": []}) is None
    odd = {
        "custom_id": "songbot:remix-form:1",
        "components": [
            {"type": 1, "components": [{"type": 3, "custom_id": "version", "values": ["x"]}]},
        ],
    }
    assert submitted(odd) == RemixForm(1, "", "", None)
