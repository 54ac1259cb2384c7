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
    ("url", "reason"),
    [
        ("ftp://example.test/a.mp3", "must start with http:// or https://"),
        ("file:///etc/passwd", "must start with http:// or https://"),
        ("example.test/a.mp3", "must start with http:// or https://"),
        ("https://", "has no host name"),
        ("http://exa mple.com/a.wav", "has spaces, line breaks or invisible characters inside"),
        ("http://user:pw@example.test/a.wav", "has a user name or password in it"),
    ],
)
def test_a_url_that_is_not_a_plain_web_address_says_why(url: str, reason: str) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        SongRequest.build(prompt="x", vocal_url=url)
    assert caught.value.message == f"vocal_url {reason}"


@pytest.mark.parametrize("prompt", ["\u200b\u200b", " \u2060\ufeff ", "\u3164"])
def test_a_prompt_nobody_can_see_is_a_missing_prompt(prompt: str) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        SongRequest.build(prompt=prompt)
    assert caught.value.message == NOTHING_TO_GENERATE
    assert SongRequest.build(prompt=prompt, vocal_url="https://a.test/v.mp3").prompt is None


def test_prompt_and_lyrics_are_sent_without_the_blanks_around_them() -> None:
    request = SongRequest.build(prompt="  lofi rain \n", lyrics="\u200b")
    assert request.to_json() == {"prompt": "lofi rain"}


def test_unknown_field_is_refused() -> None:
    with pytest.raises(InvalidRequestError, match="Unknown field: tempo"):
        SongRequest.build(prompt="x", tempo="fast")


def test_empty_strings_are_left_out() -> None:
    assert SongRequest.build(prompt="x", lyrics="", vocal_url="").to_json() == {"prompt": "x"}
