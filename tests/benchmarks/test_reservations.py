"""The reservation benchmark still runs (a small N; its figures are checked by hand)."""

from __future__ import annotations

from benchmarks.reservations import run


async def test_smoke() -> None:
    result = await run(songs=40, concurrency=8, members=5)
    assert result["songs"] == 40
    assert result["reserve_per_second"] > 0
    assert result["record_p99_ms"] >= result["record_p50_ms"]


async def test_smoke_on_postgresql(postgres_url: str) -> None:
    result = await run(songs=40, concurrency=8, members=5, url=postgres_url, guilds=2)
    assert (result["backend"], result["guilds"], result["songs"]) == ("postgresql", 2, 40)
    assert result["reserve_per_second"] > 0
