"""The parties benchmark still runs (two parties, short songs, a one-second window), and its
targets judge its rows."""

from __future__ import annotations

from benchmarks.parties import run
from benchmarks.targets import PARTY_TARGETS, misses


async def test_smoke() -> None:
    [row] = await run([2], versions=2, song_seconds=3.0, window=1.0, idle=0.5, warmup=0.5)
    assert (row["parties"], row["versions"]) == (2, 2)
    assert row["song_seconds"] > 2.9
    assert row["cpu_ms_per_party_second"] > 0
    assert row["packets_per_party_second"] > 0  # every party sent, in the window measured
    assert row["rejected_packets"] == 0
    assert row["cache_kb_per_version"] > 0
    assert row["encode_cpu_s_per_song_minute"] > 0
    assert row["modes"] == ["aead_xchacha20_poly1305_rtpsize"]


def test_a_party_is_judged_on_its_cpu_and_the_frames_it_sent() -> None:
    good = {"n": 50, "cpu_ms_per_party_second": 4.0, "min_packets_per_party_second": 49.6}
    assert misses(good, PARTY_TARGETS) == []
    costly = misses({**good, "cpu_ms_per_party_second": 12.0}, PARTY_TARGETS)
    assert [miss.target.name for miss in costly] == ["CPU per playing party"]
    starved = misses({**good, "min_packets_per_party_second": 45.0}, PARTY_TARGETS)
    assert [miss.target.name for miss in starved] == ["frames a party falls short of 50 a second"]


def test_a_lone_partys_cpu_is_not_judged() -> None:
    alone = {"n": 1, "cpu_ms_per_party_second": 13.0, "min_packets_per_party_second": 50.0}
    assert misses(alone, PARTY_TARGETS) == []
