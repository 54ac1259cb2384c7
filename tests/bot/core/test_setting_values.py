"""The settings written as lists: read into values, or refused with the reason."""

from __future__ import annotations

import pytest

from bot.core.setting_values import host_names, retry_delays, shard_ids


def test_host_names_are_lower_case_without_blanks() -> None:
    assert host_names(" Storage.Soundverse.ai, *.cdn.example ,") == (
        "storage.soundverse.ai,*.cdn.example"
    )
    with pytest.raises(ValueError, match="must be host names separated by commas"):
        host_names("https://cdn.example/x")


def test_shard_ids() -> None:
    assert shard_ids("0, 2") == (0, 2)
    assert shard_ids(" , ") is None
    with pytest.raises(ValueError, match="must be shard numbers"):
        shard_ids("0,x")
    with pytest.raises(ValueError, match="must be different shard numbers from 0 up"):
        shard_ids("1,1")


@pytest.mark.parametrize(
    ("text", "delays"),
    [("3, 10", (3.0, 10.0)), ("[1, 2.5]", (1.0, 2.5)), ("None", ()), ("5,", (5.0,))],
)
def test_retry_delays(text: str, delays: tuple[float, ...]) -> None:
    assert retry_delays(text) == delays


@pytest.mark.parametrize(
    ("text", "reason"),
    [("3,soon", "must be seconds"), ("{oops", "must be seconds"), ("3,99999", "each delay")],
)
def test_retry_delays_refused(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        retry_delays(text)
