"""Checking /song inputs: a specific sentence for each problem, before any API call."""

from __future__ import annotations

import pytest

from bot.features.songs.inputs import AttachedAudio, InputProblem, SongInputs, build_request


def audio(role: str = "melody", **overrides: object) -> AttachedAudio:
    values: dict[str, object] = {
        "role": role,
        "filename": "hum.mp3",
        "content_type": "audio/mpeg",
        "size": 1000,
        "url": "https://cdn.example.test/hum.mp3",
    }
    values.update(overrides)
    return AttachedAudio(**values)  # type: ignore[arg-type]


def test_prompt_and_attachment() -> None:
    request = build_request(SongInputs(prompt=" rain ", attachments=(audio(),)))
    assert request.prompt == "rain"
    assert request.melody_url == "https://cdn.example.test/hum.mp3"


def test_audio_alone_is_enough() -> None:
    assert build_request(SongInputs(urls=(("vocal", "https://x.test/v.wav"),))).vocal_url


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        (SongInputs(prompt="é" * 1100), "1,100 characters: 76 over the limit of 1,024"),
        (SongInputs(prompt="  ", lyrics="la"), "Tell me what to make"),
        (
            SongInputs(prompt="x", attachments=(audio(content_type="image/png"),)),
            "must be an audio file, but 'hum.mp3' (image/png) is not",
        ),
        (
            SongInputs(prompt="x", attachments=(audio(size=10 * 1024 * 1024 + 1),)),
            "is 10.0 MB; audio inputs can be at most 10 MB",
        ),
        (
            SongInputs(prompt="x", urls=(("reference", "javascript:alert(1)"),)),
            "`reference_url` must start with http:// or https://",
        ),
        (
            SongInputs(prompt="x", attachments=(audio(),), urls=(("melody", "https://x/y"),)),
            "Give the melody audio once",
        ),
    ],
)
def test_problems(inputs: SongInputs, message: str) -> None:
    with pytest.raises(InputProblem, match=message.replace("(", r"\(").replace(")", r"\)")):
        build_request(inputs)


def test_audio_by_extension_when_discord_gives_no_type() -> None:
    assert build_request(SongInputs(attachments=(audio(content_type=None, filename="a.ogg"),)))
    with pytest.raises(InputProblem):
        build_request(SongInputs(attachments=(audio(content_type=None, filename="a.exe"),)))
