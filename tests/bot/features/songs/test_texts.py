"""Friendly sentences for every error class; API wording escaped, secrets absent."""

from __future__ import annotations

import pytest

from bot.core.errors import apology
from bot.core.i18n import Words
from bot.features.songs.texts import failure_text
from bot.soundverse import (
    AuthenticationError,
    FileTooLargeError,
    InsufficientBalanceError,
    InvalidRequestError,
    JobFailedError,
    RateLimitedError,
    ServiceUnavailableError,
    SoundverseError,
    StreamBrokenError,
)


def test_rate_limit_with_retry_after_is_a_discord_timestamp() -> None:
    text = failure_text(RateLimitedError("slow down", retry_after=30), now=1000.0)
    assert "<t:1030:R>" in text


@pytest.mark.parametrize(
    ("error", "phrase"),
    [
        (RateLimitedError("x"), "in a minute or two"),
        (InsufficientBalanceError("x"), "credits have run out"),
        (AuthenticationError("x"), "SOUNDVERSE_API_KEY"),
        (ServiceUnavailableError("x"), "having trouble"),
        (FileTooLargeError("Vocal audio file error: File too large"), "10 MB at most"),
        (InvalidRequestError("bad"), "could not accept"),
        (
            JobFailedError("*boom* @everyone"),
            "could not make this song: \\*boom\\* @\u200beveryone",
        ),
        (StreamBrokenError("x", job_id="j9"), "job `j9`"),
        (SoundverseError("odd"), "odd"),
    ],
)
def test_every_error_class(error: SoundverseError, phrase: str) -> None:
    assert phrase in failure_text(error)


def test_apology_has_the_id() -> None:
    assert "`abc123`" in apology("abc123")


def test_a_failure_is_told_in_the_servers_words_with_the_api_wording_escaped() -> None:
    french = Words("fr", {"Soundverse could not make this song: {reason}": "Échec : {reason}"})
    text = failure_text(JobFailedError("*boom*"), words=french)
    assert text == "Échec : \\*boom\\*"
    assert apology("ab12", Words("fr", {})).endswith("`ab12`.")
