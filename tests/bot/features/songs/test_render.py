"""Render functions: job state in, embeds out, within Discord's limits."""

from __future__ import annotations

from typing import Any

from bot.core.formatting import fit
from bot.features.songs.card import SongCard
from bot.features.songs.render import (
    MAX_EMBEDS,
    MAX_LYRIC_EMBEDS,
    MESSAGE_EMBED_BUDGET,
    Delivery,
    failure_screen,
    final_screens,
    progress_bar,
    progress_screen,
)
from bot.soundverse import JobState
from bot.soundverse.events import parse_event

CARD = SongCard(requester="Ada", prompt="lofi *rain*")


def state_after(*events: dict[str, object]) -> JobState:
    state = JobState()
    for data in events:
        state.apply(parse_event(data))
    return state


def done_state(lyrics_sections: list[dict[str, object]] | None = None) -> JobState:
    sections = lyrics_sections or [{"label": "Verse", "text": "la", "start": 0, "end": 5}]
    versions: list[dict[str, object]] = [
        {
            "status": "completed",
            "version": n,
            "audio_url": f"https://x/{n}.mp3",
            "duration": 125.4,
            "bpm": 98,
            "lyrics_sections": sections,
        }
        for n in (1, 2)
    ]
    return state_after(
        {"type": "job_created", "job_id": "j1", "status": "processing"},
        {"status": "validated", "song_name": "@everyone _hi_", "album_art": "https://x/c.png"},
        *versions,
        {"status": "completed", "isComplete": True, "total_versions": 2},
    )


def test_clean_escapes_markdown_and_mentions() -> None:
    user = "<@123456789012345678>"
    assert fit(f"@everyone **x** {user}") == (
        "@\u200beveryone \\*\\*x\\*\\* \\<@\u200b123456789012345678>"
    )
    assert fit("x" * 10, 5) == "xxxx…"
    assert fit(None) == ""


def test_progress_moves_forward() -> None:
    start = progress_bar(JobState())
    middle = progress_bar(state_after({"status": "streaming", "version": 1}))
    assert start.endswith(" 0%")
    assert not middle.endswith(" 0%")
    assert progress_bar(done_state()).endswith("100%")


def test_progress_screen() -> None:
    state = state_after(
        {"type": "job_created", "job_id": "j1", "status": "processing"},
        {"status": "validated", "song_name": "Rain"},
        {"status": "streaming", "version": 1, "stream_url": "https://x/p1"},
    )
    [embed] = progress_screen(state, CARD, notice="reconnecting").embeds
    data = embed.to_dict()
    assert data["title"] == "Rain"
    assert data["description"] == "> lofi \\*rain\\*"
    assert data["footer"]["text"] == "Job j1"
    progress = data["fields"][0]["value"]
    assert "✅ Validated" in progress
    assert "[preview 1](https://x/p1)" in progress
    versions = {f["name"]: f["value"] for f in data["fields"]}["Versions"]
    assert versions == "Version 1: ▶️ streaming"
    assert data["fields"][-1] == {"name": "Note", "value": "reconnecting", "inline": False}


def test_final_screen_with_files() -> None:
    delivery = Delivery(
        cover_file="c.png", audio_files={1: "version-1-s.mp3", 2: "version-2-s.mp3"}
    )
    [screen] = final_screens(done_state(), CARD, delivery)
    main, v1, _v2, lyrics = (e.to_dict() for e in screen.embeds)
    assert main["title"] == "@\u200beveryone \\_hi\\_"
    assert main["image"]["url"] == "attachment://c.png"
    assert {f["name"]: f["value"] for f in v1["fields"]}["Duration"] == "2:05"
    assert "▶️ player 1 above (`version-1-s.mp3`)" in v1["fields"][2]["value"]
    assert lyrics["title"] == "Lyrics"


def test_long_lyrics_are_split_within_limits() -> None:
    sections = [
        {"label": f"Part {n}", "text": "words " * 500, "start": n * 10, "end": n * 10 + 10}
        for n in range(MAX_LYRIC_EMBEDS)
    ]
    screens = final_screens(done_state(sections), CARD, Delivery())
    assert len(screens) > 1
    for screen in screens:
        assert len(screen.embeds) <= MAX_EMBEDS
        assert sum(len(e) for e in screen.embeds) <= MESSAGE_EMBED_BUDGET
        assert all(len(e.description or "") <= 4096 for e in screen.embeds)
    shown = "".join(e.description or "" for s in screens for e in s.embeds)
    assert all(f"Part {n}" in shown for n in range(MAX_LYRIC_EMBEDS))


def test_screen_keys_compare_what_is_shown() -> None:
    a = progress_screen(done_state(), CARD)
    b = progress_screen(done_state(), CARD)
    assert a.key() == b.key()
    assert a.key() != progress_screen(JobState(), CARD).key()


def checklist(*events: Any) -> list[str]:
    embed = progress_screen(state_after(*events), CARD).embeds[0]
    field = next(f for f in embed.fields if f.name == "Progress")
    return [line.split(" ", 1)[0] for line in (field.value or "").splitlines()]


def test_a_step_is_ticked_only_when_every_version_is_past_it() -> None:
    start = (
        {"type": "job_created", "job_id": "j", "status": "processing"},
        {"status": "validated", "song_name": "x"},
    )
    stream = [{"status": "streaming", "version": n, "stream_url": f"https://x/{n}"} for n in (1, 2)]
    up = [{"status": "uploading", "version": n} for n in (1, 2)]
    ready = [
        {"status": "completed", "version": n, "audio_url": f"https://x/{n}.wav"} for n in (1, 2)
    ]
    # Accepted, Validated, Streaming previews, Uploading, Versions ready
    assert checklist(*start) == ["✅", "✅", "🔄", "⬜", "⬜"]
    assert checklist(*start, stream[0], stream[1], up[0]) == ["✅", "✅", "🔄", "🔄", "⬜"]
    assert checklist(*start, *stream, *up) == ["✅", "✅", "✅", "🔄", "⬜"]
    assert checklist(*start, *stream, *up, ready[0]) == ["✅", "✅", "✅", "🔄", "🔄"]
    assert checklist(*start, *stream, *up, *ready) == ["✅", "✅", "✅", "✅", "✅"]


def test_an_early_failure_does_not_say_it_is_making_the_song() -> None:
    screen = failure_screen(
        state_after({"type": "job_created", "job_id": "j", "status": "processing"}),
        CARD,
        "It failed.",
    )
    assert screen.embeds[0].title == "Your song could not be made"
