"""The request model refuses what the API would refuse, in the API's words."""

from __future__ import annotations

import pytest

from bot.soundverse import InvalidRequestError, SongRequest
from bot.soundverse.request import NOTHING_TO_GENERATE, PROMPT_TOO_LONG


def test_prompt_only() -> None:
    request = SongRequest.build(prompt="lofi rain")
    assert request.to_json() == {"prompt": "lofi rain"}
    assert request.operation == "song_generate"


def test_audio_only_is_enough() -> None:
    request = SongRequest.build(melody_url="https://example.test/a.mp3")
    assert request.operation == "song_with_reference"
    assert request.audio_urls == {"melody_url": "https://example.test/a.mp3"}


@pytest.mark.parametrize("prompt", [None, "", "   \n"])
def test_nothing_to_generate(prompt: str | None) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        SongRequest.build(prompt=prompt, lyrics="only lyrics")
    assert caught.value.message == NOTHING_TO_GENERATE


def test_prompt_limit_is_1024_characters() -> None:
    SongRequest.build(prompt="é" * 1024)
    with pytest.raises(InvalidRequestError) as caught:
        SongRequest.build(prompt="é" * 1025)
    assert caught.value.message == PROMPT_TOO_LONG


@pytest.mark.parametrize(
    "url", ["ftp://example.test/a.mp3", "file:///etc/passwd", "example.test/a.mp3", "https://"]
)
def test_urls_must_be_http(url: str) -> None:
    with pytest.raises(InvalidRequestError, match="vocal_url must be an http or https URL"):
        SongRequest.build(prompt="x", vocal_url=url)


def test_unknown_field_is_refused() -> None:
    with pytest.raises(InvalidRequestError, match="Unknown field: tempo"):
        SongRequest.build(prompt="x", tempo="fast")


def test_empty_strings_are_left_out() -> None:
    assert SongRequest.build(prompt="x", lyrics="", vocal_url="").to_json() == {"prompt": "x"}
