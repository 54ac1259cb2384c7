"""The hot-path benchmark still runs and covers every event of a song."""

from __future__ import annotations

from benchmarks.hot_path import STEPS, recorded_stream, run


async def test_smoke() -> None:
    raw = await recorded_stream()
    result = run(raw, songs=3)
    assert result["events"] == 3 * 9  # every stage of every song went the whole way
    assert all(result[f"{step}_us"] > 0 for step in STEPS)
