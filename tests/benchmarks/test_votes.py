"""The vote benchmark still runs (a small N; its figures are checked by hand)."""

from __future__ import annotations

from benchmarks.votes import run


async def test_smoke() -> None:
    result = await run(members=40, entries=3, concurrency=8)
    assert (result["backend"], result["members"]) == ("sqlite", 40)
    assert result["vote_per_second"] > 0
    assert result["move_p99_ms"] >= result["move_p50_ms"]


async def test_smoke_on_postgresql(postgres_url: str) -> None:
    result = await run(members=40, entries=3, concurrency=8, url=postgres_url)
    assert (result["backend"], result["members"]) == ("postgresql", 40)
    assert result["vote_per_second"] > 0
