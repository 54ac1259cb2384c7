"""The terminal display: plain lines when piped, a live line on a terminal."""

from __future__ import annotations

import io

from bot.cli.live import Lines, Live, display
from bot.cli.progress import summary
from bot.soundverse import JobState
from bot.soundverse.events import parse_event


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(shown: Lines | Live) -> None:
    state = JobState()
    with shown:
        for data in ({"type": "job_created", "job_id": "j1", "status": "processing"},
                     {"status": "validated", "song_name": "Rain"}):  # fmt: skip
            event = parse_event(data)
            state.apply(event)
            shown.show(event, state)


def test_piped_output_is_plain_lines() -> None:
    out = io.StringIO()
    assert isinstance(display(out), Lines)
    run(Lines(out))
    assert out.getvalue() == "Accepted: job j1\nValidated: “Rain”\n"


def test_a_terminal_gets_the_live_line_and_keeps_each_step() -> None:
    out = Terminal()
    shown = display(out)
    assert isinstance(shown, Live)
    run(shown)
    text = out.getvalue()
    assert "Accepted: job j1" in text
    assert "Validated: “Rain”" in text


def test_the_summary_lists_every_version_even_one_the_api_never_showed() -> None:
    state = JobState()
    created = {"type": "job_created", "job_id": "j1", "status": "processing"}
    second = {"status": "completed", "version": 2, "audio_url": "https://x/2.wav"}
    for data in (created, second):
        state.apply(parse_event(data))
    lines = summary(state).splitlines()
    assert lines[1] == "  Version 1: (its audio was not reported by the API)"
    assert lines[2].startswith("  Version 2: https://x/2.wav")
