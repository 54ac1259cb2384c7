"""Parsing fault specifications."""

from __future__ import annotations

import pytest

from bot.mock_api import Faults, FaultSpecError


def test_empty_spec_keeps_the_base() -> None:
    base = Faults(error="balance")
    assert Faults.parse("", base) is base
    assert Faults.parse(None) == Faults()


def test_pairs_override_the_base_key_by_key() -> None:
    base = Faults(drop_after="validated", keepalive=1.0)
    faults = Faults.parse("drop-after=streaming_v2; split=3 ;", base)
    assert faults.drop_after == "streaming_v2"
    assert faults.split == 3
    assert faults.keepalive == 1.0


def test_values_are_percent_decoded() -> None:
    assert Faults.parse("song_name=%40everyone%20%E2%9C%A8").song_name == "@everyone ✨"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("explode=1", "unknown fault"),
        ("drop_after", "unknown fault"),
        ("drop_after=mastering", "drop_after must be one of"),
        ("error=teapot", "error must be one of"),
        ("split=many", "needs a number"),
        ("split=-1", "cannot be negative"),
        ("slow=validated:soon", "slow must be STAGE:SECONDS"),
        ("slow=mixing:1", "slow must be STAGE:SECONDS"),
    ],
)
def test_bad_specs(spec: str, message: str) -> None:
    with pytest.raises(FaultSpecError, match=message):
        Faults.parse(spec)


def test_slow_stage() -> None:
    assert Faults.parse("slow=uploading_v1:2.5").slow_stage() == ("uploading_v1", 2.5)
    assert Faults().slow_stage() is None
