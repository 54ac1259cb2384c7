"""The verdict the concurrent-songs benchmark gives on its own figures."""

from __future__ import annotations

from typing import Any

from benchmarks.targets import misses, summary


def row(**changes: Any) -> dict[str, Any]:
    good = {
        "n": 500,
        "one_channel": False,
        "lost_jobs": 0,
        "discord_429s": 0,
        "staleness_p99_s": 0.8,
        "completion_overhead_p99_ms": 85.0,
        "upload_p99_ms": 7.0,
        "end_to_end_ratio_p99": 1.01,
        "rss_kb_per_job_in_flight": 48.0,
        "peak_in_flight": 500,
        "loop_lag_p99_ms": 7.0,
        "cpu_seconds_per_job": 0.007,
        "start_p99_ms": 120.0,
        "answer_p99_ms": 300.0,
    }
    return {**good, **changes}


def names(found: dict[str, Any]) -> list[str]:
    return [miss.target.name for miss in misses(found)]


def test_a_run_within_every_target_misses_none() -> None:
    assert names(row()) == []


def test_each_figure_over_its_limit_is_a_miss() -> None:
    assert names(row(lost_jobs=1)) == ["lost songs"]
    assert names(row(discord_429s=3)) == ["Discord 429s"]
    assert names(row(staleness_p99_s=2.5)) == ["staleness p99"]
    assert names(row(end_to_end_ratio_p99=1.06)) == ["end-to-end ratio p99"]
    assert names(row(rss_kb_per_job_in_flight=120.0)) == ["memory per song in flight"]
    assert names(row(loop_lag_p99_ms=77.0)) == ["event-loop lag p99"]


def test_the_upload_is_not_counted_against_completion() -> None:
    assert names(row(completion_overhead_p99_ms=150.0, upload_p99_ms=60.0)) == []
    assert names(row(completion_overhead_p99_ms=150.0, upload_p99_ms=40.0)) == [
        "completion p99 beyond the upload"
    ]


def test_completion_and_ratio_are_promised_up_to_500_songs() -> None:
    slow = row(n=3000, completion_overhead_p99_ms=290.0, end_to_end_ratio_p99=1.2)
    assert names(slow) == []


def test_memory_per_song_is_judged_once_a_hundred_are_in_flight() -> None:
    assert names(row(n=10, peak_in_flight=10, rss_kb_per_job_in_flight=116.0)) == []


def test_a_missing_measurement_is_a_miss() -> None:
    assert names(row(staleness_p99_s=float("nan"))) == ["staleness p99"]


def test_the_summary_names_each_run_that_missed() -> None:
    lines = summary([row(), row(n=1000, one_channel=True, loop_lag_p99_ms=77.0)])
    lag = next(line for line in lines if "event-loop lag" in line)
    assert lag == "MISSED event-loop lag p99 <= 50 ms: 77 ms at N=1000, one channel"
    lost = next(line for line in lines if "lost songs" in line)
    assert lost == "met    lost songs <= 0 (2 of 2 runs)"
    ratio = next(line for line in lines if "ratio" in line)
    assert ratio == "met    end-to-end ratio p99 <= 1.05 (1 of 2 runs)"


def test_the_summary_says_when_no_run_was_judged() -> None:
    lines = summary([row(n=1000, peak_in_flight=1)])
    assert "-      memory per song in flight <= 100 KB: no run it applies to" in lines


def test_the_second_rounds_targets_hold_from_5000_songs() -> None:
    busy = {"start_p99_ms": 400.0, "answer_p99_ms": 900.0, "answered_thinking": 0}
    assert names(row(n=3000, **busy)) == []
    assert names(row(n=5000, peak_in_flight=5000, **busy)) == ["start p99 (round 2)"]
    late = row(n=5000, peak_in_flight=5000, staleness_p99_s=1.7, start_p99_ms=100.0,
               answer_p99_ms=2000.0, answered_thinking=12)  # fmt: skip
    assert names(late) == [
        "staleness p99 (round 2)",
        "answer p99 (round 2)",
        "answered thinking (round 2)",
    ]


def test_the_third_rounds_targets_hold_the_1000_row() -> None:
    quick = {"cpu_seconds_per_job": 0.0075, "start_p99_ms": 200.0, "answer_p99_ms": 300.0,
             "end_to_end_ratio_p99": 1.01, "rss_kb_per_job_in_flight": 55.0,
             "loop_lag_p99_ms": 15.0, "peak_in_flight": 1000}  # fmt: skip
    assert names(row(n=1000, **quick)) == []
    costly = {**quick, "cpu_seconds_per_job": 0.0125, "loop_lag_p99_ms": 29.0}
    assert names(row(n=1000, **costly)) == [
        "CPU per song (round 3)",
        "event-loop lag p99 (round 3)",
    ]
    assert names(row(n=500, **costly)) == []  # not the row they were set for
    assert names(row(n=1000, **{**quick, "end_to_end_ratio_p99": 1.03})) == [
        "end-to-end ratio p99 (round 3)"
    ]
