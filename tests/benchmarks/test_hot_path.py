"""The hot-path benchmark still runs and covers every event of a song, and whole songs."""

from __future__ import annotations

from pathlib import Path

from benchmarks.hot_path import STEPS, recorded_stream, run
from benchmarks.song_path import STAGES, record_song, run_songs


async def test_smoke() -> None:
    raw = await recorded_stream()
    result = run(raw, songs=3)
    assert result["events"] == 3 * 9  # every stage of every song went the whole way
    assert all(result[f"{step}_us"] > 0 for step in STEPS)


async def test_whole_songs_go_the_whole_way(tmp_path: Path) -> None:
    songs = await run_songs(await record_song(), 3, tmp_path)
    assert songs.songs == 3
    assert songs.edits == 3 * 7  # the answer, every stage, the finished song with its files
    assert songs.sent_bytes > 3 * 2 * 16_000  # both versions went out with the last edit
    assert all(songs.spent[stage] > 0 for stage in STAGES)
