"""The screens' measures: when a stage was first shown, and how many songs overlapped.

The whole measure runs in the concurrent-songs smoke test (test_concurrent_songs.py)."""

from __future__ import annotations

from benchmarks.song_screens import _first_shown, _peak_overlap


def test_a_stage_counts_as_shown_by_a_later_screen_after_it_was_emitted() -> None:
    texts = [(1.0, "Version 1: ▶️ streaming"), (2.0, "Version 1: ✅ ready"), (3.0, "✅ Done")]
    assert _first_shown(texts, "streaming_v1", emitted=1.5) == 2.0
    assert _first_shown(texts, "completed", emitted=0.0) == 3.0
    assert _first_shown(texts, "validated", emitted=0.0) is None


def test_the_most_songs_in_flight_at_one_moment() -> None:
    assert _peak_overlap([(0, 3), (1, 2), (2.5, 4), (5, 6)]) == 2
    assert _peak_overlap([]) == 0
