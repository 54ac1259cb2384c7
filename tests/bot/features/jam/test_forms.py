"""The session's forms read back from a raw submit."""

from __future__ import annotations

from bot.features.jam.forms import AddForm, MakeForm, add_modal, make_modal, submitted


def label(custom_id: str, value: object, kind: int = 4) -> dict[str, object]:
    key = "values" if kind == 3 else "value"
    return {"type": 18, "component": {"type": kind, "custom_id": custom_id, key: value}}


def test_add_lines_reads_back_without_blank_lines() -> None:
    rows = [label("section", ["chorus"], 3), label("lines", " a \n\n b\n")]
    data = {"custom_id": "songbot:jam-add:5", "components": rows}
    assert submitted(data) == AddForm(5, "chorus", ("a", "b"))


def test_make_reads_back_and_others_are_not_ours() -> None:
    rows = [label("style", " shanty "), label("lyrics", "[Verse 1]\nx")]
    data = {"custom_id": "songbot:jam-make:5", "components": rows}
    assert submitted(data) == MakeForm(5, "shanty", "[Verse 1]\nx")
    assert submitted({"custom_id": "songbot:remix-form:5", "components": []}) is None


async def test_the_forms_fit_discords_limits() -> None:
    add = add_modal(5, "x" * 100, {"verse-1"}, "verse-1", 500).to_dict()
    assert len(add["title"]) <= 45
    make = make_modal(5, "t", "s" * 2000, "l" * 5000).to_dict()
    style, lyrics = (row["component"] for row in make["components"])
    assert len(style["value"]) == 1024
    assert len(lyrics["value"]) == 4000
